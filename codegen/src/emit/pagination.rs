//! Emits the `pages()` and `items()` methods of a paginated operation's
//! request builder, as the IR's [`Pagination`] describes it: each step
//! prepares the request with the page's start, cursor or link, sends it,
//! and works out the next step; the runtime's `paginate.rs` turns the
//! steps into lazy streams.
//!
//! ```ignore
//! pub fn pages(self) -> crate::Paged<'a, types::Page> { .. }
//! pub fn items(self) -> crate::Paged<'a, types::Item> { .. }
//! ```

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::builder::Input;
use super::docs::doc_attrs;
use crate::ir::{Operation, PageField, PageKind, Pagination, StartCounts};
use crate::spelling::{ident, type_tokens, Scope};

/// `pages()` and `items()` for `op`, or nothing when it does not page.
/// `client` is the builder's field holding the client, `settings` the one
/// holding the call's settings, which every page's request follows.
pub(super) fn paging_methods(
    op: &Operation,
    client: &Ident,
    settings: &Ident,
    inputs: &[Input<'_>],
) -> TokenStream {
    let (Some(pagination), Some(page_ty)) = (&op.pagination, &op.success.ty) else {
        return TokenStream::new();
    };
    let page = type_tokens(page_ty, Scope::Crate);
    let item = type_tokens(&pagination.item, Scope::Crate);
    let count = count(pagination);
    let take_items = take_items(pagination, &page);
    let prepare = ident(&op.method_name);
    let field_named = |name: &str| inputs.iter().find(|input| input.name == name);
    let step = match &pagination.kind {
        PageKind::Offset {
            start,
            counts,
            first,
            limit,
            default_limit,
        } => {
            let start_field = ident(start);
            let start_ty = field_named(start).map_or_else(|| quote! { i64 }, |i| i.ty.clone());
            let first = proc_macro2::Literal::i64_unsuffixed(*first);
            let passed = passed(inputs, |name| {
                (name == start).then(|| quote! { Some(start) })
            });
            let limit_value = match (limit, default_limit) {
                (Some(limit), Some(default)) => {
                    let field = ident(limit);
                    let default = proc_macro2::Literal::i64_unsuffixed(*default);
                    quote! { request.#field.or(Some(#default)) }
                }
                (Some(limit), None) => {
                    let field = ident(limit);
                    quote! { request.#field }
                }
                (None, _) => quote! { None::<i64> },
            };
            let limit_ty = limit
                .as_deref()
                .and_then(field_named)
                .map_or_else(|| quote! { i64 }, |i| i.ty.clone());
            let advance = match counts {
                StartCounts::Items => {
                    quote! { #start_ty::try_from(count).ok().and_then(|count| start.checked_add(count)) }
                }
                StartCounts::Pages => quote! { start.checked_add(1) },
            };
            quote! {
                |request: Self| async move {
                    let start: #start_ty = request.#start_field.unwrap_or(#first);
                    let limit = #limit_value;
                    let mut next = request.clone();
                    let prepared = super::operation::#prepare(#(#passed),*)?;
                    let page = request.#client.execute(prepared, request.#settings.clone()).await?.value::<#page>()?;
                    let count: usize = #count;
                    // A page shorter than the limit is the last.
                    let full = limit.is_none_or(|limit| #limit_ty::try_from(count).map_or(true, |count| count >= limit));
                    next.#start_field = #advance;
                    let more = count > 0 && full && next.#start_field.is_some();
                    Ok(Some((page, more.then_some(next))))
                }
            }
        }
        PageKind::Cursor { param, next } => {
            let cursor_field = ident(param);
            let passed = passed(inputs, |name| (name == param).then(|| quote! { sent }));
            let next_cursor = next_cursor(next);
            quote! {
                |(request, cursor): (Self, Option<String>)| async move {
                    let next = request.clone();
                    let sent = cursor.as_deref().or(request.#cursor_field);
                    let prepared = super::operation::#prepare(#(#passed),*)?;
                    let page = request.#client.execute(prepared, request.#settings.clone()).await?.value::<#page>()?;
                    let count: usize = #count;
                    // No cursor, an empty one or the one just sent: the last page.
                    let cursor: Option<String> = #next_cursor;
                    let cursor = cursor.filter(|cursor| Some(cursor.as_str()) != sent);
                    let next = cursor.filter(|_| count > 0).map(|cursor| (next, Some(cursor)));
                    Ok(Some((page, next)))
                }
            }
        }
        PageKind::Link => {
            let passed = passed(inputs, |_| None);
            quote! {
                |(request, link): (Self, Option<String>)| async move {
                    let next = request.clone();
                    let mut prepared = super::operation::#prepare(#(#passed),*)?;
                    if let Some(link) = link {
                        prepared.url_path = link;
                    }
                    let sent = prepared.url_path.clone();
                    let raw = request.#client.execute(prepared, request.#settings.clone()).await?;
                    let target = crate::paginate::next_link(&raw.headers);
                    let page = raw.value::<#page>()?;
                    let count: usize = #count;
                    let link = match target {
                        Some(target) if count > 0 => Some(crate::paginate::link_path(request.#client.base_url(), &sent, &target)?),
                        _ => None,
                    };
                    Ok(Some((page, link.map(|link| (next, Some(link))))))
                }
            }
        }
    };
    let first = match &pagination.kind {
        PageKind::Offset { .. } => quote! { self },
        PageKind::Cursor { .. } | PageKind::Link => quote! { (self, None) },
    };
    let (pages_docs, items_docs) = docs(op, pagination);
    quote! {
        #pages_docs
        pub fn pages(self) -> crate::Paged<'a, #page> {
            crate::paginate::pages(#first, #step)
        }

        #items_docs
        pub fn items(self) -> crate::Paged<'a, #item> {
            crate::paginate::items(self.pages(), #take_items)
        }
    }
}

/// The builder's fields as the request preparation takes them, read from
/// `request`, with `replaced` choosing another value for some.
fn passed(
    inputs: &[Input<'_>],
    replaced: impl Fn(&str) -> Option<TokenStream>,
) -> Vec<TokenStream> {
    inputs
        .iter()
        .map(|input| {
            let field = &input.name;
            replaced(&field.to_string()).unwrap_or_else(|| quote! { request.#field })
        })
        .collect()
}

/// How many items the page `page` holds.
fn count(pagination: &Pagination) -> TokenStream {
    match &pagination.items {
        None => quote! { page.len() },
        Some(PageField {
            rust_name,
            optional,
        }) => {
            let field = ident(rust_name);
            if *optional {
                quote! { page.#field.as_ref().map_or(0, Vec::len) }
            } else {
                quote! { page.#field.len() }
            }
        }
    }
}

/// The function that takes a page's items out of it.
fn take_items(pagination: &Pagination, page: &TokenStream) -> TokenStream {
    match &pagination.items {
        None => quote! { |page: #page| page },
        Some(PageField {
            rust_name,
            optional,
        }) => {
            let field = ident(rust_name);
            if *optional {
                quote! { |page: #page| page.#field.unwrap_or_default() }
            } else {
                quote! { |page: #page| page.#field }
            }
        }
    }
}

/// The next cursor of `page` (an `Option<String>`, `None` when empty),
/// through the fields `path`.
fn next_cursor(path: &[PageField]) -> TokenStream {
    let mut expr = quote! { Some(&page) };
    for PageField {
        rust_name,
        optional,
    } in path
    {
        let field = ident(rust_name);
        expr = if *optional {
            quote! { #expr.and_then(|value| value.#field.as_ref()) }
        } else {
            quote! { #expr.map(|value| &value.#field) }
        };
    }
    quote! { #expr.filter(|cursor| !cursor.is_empty()).cloned() }
}

/// The docs of `pages()` and `items()`.
fn docs(op: &Operation, pagination: &Pagination) -> (TokenStream, TokenStream) {
    let how = match &pagination.kind {
        PageKind::Offset {
            start,
            counts: StartCounts::Items,
            limit,
            ..
        } => format!(
            "Each page starts after the items received so far (`{start}`){}; a page with fewer items than the limit, or none, is the last.",
            limit.as_ref().map(|l| format!(", with the page size of `{l}`")).unwrap_or_default()
        ),
        PageKind::Offset {
            start,
            counts: StartCounts::Pages,
            limit,
            ..
        } => format!(
            "Each page asks for the next page number (`{start}`){}; a page with fewer items than the page size, or none, is the last.",
            limit.as_ref().map(|l| format!(", with the page size of `{l}`")).unwrap_or_default()
        ),
        PageKind::Cursor { param, .. } => format!(
            "Each page asks for the cursor the page before it gave (`{param}`); a page without a next cursor, or without items, is the last."
        ),
        PageKind::Link => "Each page is the `rel=\"next\"` link of the page before it (its `Link` header); a page without one, or without items, is the last. A link that leaves the API's base URL ends the stream with an error rather than sending credentials there.".to_owned(),
    };
    let method = super::groups::method_ref(op);
    let pages = format!(
        "The pages of the list of {method}, from the one this request asks for on, as a stream: the next page is requested only when the stream is read past the one before it."
    );
    let errors = "An error (the same as {method}'s) is yielded in its turn and ends the stream."
        .replace("{method}", &method);
    let items = format!(
        "The items of the list of {method}, page after page, as one stream (see [`Self::pages`])."
    );
    (
        doc_attrs([
            Some(pages.as_str()),
            Some(how.as_str()),
            Some(errors.as_str()),
        ]),
        doc_attrs([Some(items.as_str()), Some(errors.as_str())]),
    )
}
