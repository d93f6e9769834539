//! The UTF-8 check: a spec must be UTF-8 text, and a byte that is not is
//! reported at its line and column (libyaml gives only its offset).

use super::LoadError;

/// Fails with the line and column of the first byte that is not UTF-8
/// (libyaml only gives its offset). Documents that start with a UTF-16 byte
/// order mark are left to libyaml, which reads them.
pub(super) fn check_utf8(bytes: &[u8]) -> Result<(), LoadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(());
    }
    let Err(error) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let at = error.valid_up_to();
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let (line, column) = position_after(before);
    let byte = bytes.get(at).copied().unwrap_or_default();
    let message = match error.error_len() {
        Some(_) => format!("the byte 0x{byte:02X} is not valid UTF-8; a spec must be UTF-8 text"),
        None => format!(
            "the document ends inside a UTF-8 character (its first byte is 0x{byte:02X}); a spec must be UTF-8 text"
        ),
    };
    Err(LoadError::Syntax {
        line: Some(line),
        column: Some(column),
        message,
    })
}

/// The 1-based line and column of the character that follows `text`
/// (columns count characters; `\n`, `\r\n` and a lone `\r` end a line, as
/// in libyaml).
fn position_after(text: &str) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\r' if characters.peek() == Some(&'\n') => {}
            '\n' | '\r' => (line, column) = (line + 1, 1),
            _ => column += 1,
        }
    }
    (line, column)
}
