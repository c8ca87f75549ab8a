//! Graph answers: pages merged into one `value` array, answers united, ids made file names.

use serde_json::{Map, Value};

use super::paging::NextLinks;

/// `GET`s `url` with `get` and follows `@odata.nextLink` to the last page (within the bounds of
/// [`NextLinks`]: the same origin, no page twice, `max_pages` at most); the first page comes back
/// with every page's `value` in its `value` and no `@odata.nextLink`.
pub(super) fn merge_pages(
    url: &str,
    origin: &str,
    max_pages: usize,
    mut get: impl FnMut(&str) -> Result<Vec<u8>, String>,
) -> Result<Value, String> {
    let mut links = NextLinks::new(url, origin, max_pages);
    let mut next = Some(url.to_owned());
    let mut first: Option<Map<String, Value>> = None;
    let mut values = Vec::new();
    while let Some(url) = next.take() {
        let body = get(&url)?;
        let mut page = match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(page)) => page,
            Ok(_) => return Err(format!("{url}: the answer is not a JSON object")),
            Err(error) => return Err(format!("{url}: the answer is not JSON: {error}")),
        };
        match page.remove("value") {
            Some(Value::Array(items)) => values.extend(items),
            Some(_) => return Err(format!("{url}: `value` is not an array")),
            None if first.is_none() => {}
            None => return Err(format!("{url}: a next page without `value`")),
        }
        let link = match page.remove("@odata.nextLink") {
            Some(Value::String(link)) => Some(link),
            _ => None,
        };
        next = links.follow(&url, link)?;
        first.get_or_insert(page);
    }
    let mut answer = first.unwrap_or_default();
    answer.insert("value".to_owned(), Value::Array(values));
    Ok(Value::Object(answer))
}

/// `earlier` with the entries of `answer` whose `id` it does not have yet.
pub(super) fn union_by_id(earlier: Option<Value>, answer: Value) -> Value {
    let Some(mut earlier) = earlier else {
        return answer;
    };
    let Some(items) = earlier.get_mut("value").and_then(Value::as_array_mut) else {
        return answer;
    };
    let new: Vec<Value> = entries(&answer)
        .filter(|entry| {
            let id = entry.get("id");
            !items.iter().any(|known| known.get("id") == id)
        })
        .cloned()
        .collect();
    items.extend(new);
    earlier
}

/// The entries of an answer's `value`.
pub(super) fn entries(answer: &Value) -> impl Iterator<Item = &Value> {
    answer
        .get("value")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Whether `name` can name a file in a bundle folder (an id or a user principal name).
pub(super) fn is_safe_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| {
            !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_merged_and_links_elsewhere_refused() {
        let pages = [
            r#"{"@odata.context":"c","value":[1],"@odata.nextLink":"http://h/p2"}"#,
            r#"{"value":[2,3]}"#,
        ];
        let mut served = pages.iter();
        let merged = merge_pages("http://h/p1", "http://h", 10, |_| {
            served
                .next()
                .map(|page| page.as_bytes().to_vec())
                .ok_or_else(|| "done".to_owned())
        });
        assert_eq!(
            merged,
            Ok(serde_json::json!({"@odata.context": "c", "value": [1, 2, 3]}))
        );

        let elsewhere = merge_pages("http://h/p1", "http://h", 10, |_| {
            Ok(br#"{"value":[],"@odata.nextLink":"https://evil.example/p2"}"#.to_vec())
        });
        assert!(elsewhere.is_err_and(|message| message.contains("leaves http://h")));
        let malformed = merge_pages("http://h/p1", "http://h", 10, |_| Ok(b"{not json".to_vec()));
        assert!(malformed.is_err_and(|message| message.contains("not JSON")));
    }

    #[test]
    fn unions_keep_one_entry_per_id() {
        let a = serde_json::json!({"value": [{"id": "1"}, {"id": "2"}]});
        let b = serde_json::json!({"value": [{"id": "2"}, {"id": "3"}]});
        let union = union_by_id(Some(a), b);
        assert_eq!(entries(&union).count(), 3);
    }

    #[test]
    fn file_names_stay_in_their_folder() {
        assert!(is_safe_file_name("adele@contoso.example"));
        assert!(is_safe_file_name("1b8886a7-bebd-433f-acb9-9c12fcff4107"));
        assert!(!is_safe_file_name("../x"));
        assert!(!is_safe_file_name("a/b"));
        assert!(!is_safe_file_name(""));
    }
}
