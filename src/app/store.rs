//! Local storage through `gloo_storage`: what the page keeps between visits (the saved
//! scenarios, the last scenario) is written as serde JSON in the formats of
//! [`crate::core::scenario_file`]. Nothing here fails quietly: a write the browser refuses
//! (storage full, or storage turned off) comes back as a sentence for a notice, and whatever
//! cannot be read is kept aside under [`ASIDE_KEY`] and named in a notice.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;

use super::web;
use crate::core::params::Notice;
use crate::core::scenario_file::{self, Unreadable};

/// Where entries that could not be read are kept, so nothing a person saved is ever dropped.
pub const ASIDE_KEY: &str = "scalemap:unreadable";
/// The key of the page's notices about storage (shown as the notice's tag).
const NOTICE_KEY: &str = "storage";

/// The text stored under `key`; `None` when there is none or storage is refused.
pub fn read(key: &str) -> Option<String> {
    if !web::storage_available() {
        return None;
    }
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Stores `value` as JSON under `key`. `Err` is a sentence saying what the browser refused,
/// for a notice.
pub fn write<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    if !web::storage_available() {
        return Err("This browser does not let the page use its storage here".into());
    }
    LocalStorage::set(key, value).map_err(|e| refusal(&e))
}

/// Removes `key` (nothing to report: removing never needs room).
pub fn remove(key: &str) {
    if web::storage_available() {
        LocalStorage::delete(key);
    }
}

/// What the browser said, as the start of a sentence.
fn refusal(e: &StorageError) -> String {
    match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => {
            "This browser's storage for the page is full".into()
        }
        StorageError::JsError(js) => format!("The browser refused to store it ({})", js.name),
        StorageError::SerdeError(_) | StorageError::KeyNotFound(_) => {
            "It could not be written".into()
        }
    }
}

/// A notice about storage.
pub fn notice(message: String) -> Notice {
    Notice {
        key: NOTICE_KEY.into(),
        message,
    }
}

/// Keeps `items` aside under [`ASIDE_KEY`] and returns one notice per item naming it (and, if
/// even that write is refused, saying so). Returns whether they were kept aside, so the caller
/// rewrites the original value only then.
pub fn put_aside(items: &[Unreadable], notices: &mut Vec<Notice>) -> bool {
    if items.is_empty() {
        return true;
    }
    let aside = scenario_file::add_aside(read(ASIDE_KEY).as_deref(), items, ASIDE_KEY);
    match write(ASIDE_KEY, &aside) {
        Ok(()) => {
            notices.extend(items.iter().map(|u| {
                notice(format!(
                    "In this browser's storage, {}; it is kept aside under “{ASIDE_KEY}”.",
                    u.why
                ))
            }));
            true
        }
        Err(e) => {
            notices.extend(items.iter().map(|u| {
                notice(format!(
                    "In this browser's storage, {}; it was left where it is (“{}”): {e}.",
                    u.why, u.from
                ))
            }));
            false
        }
    }
}
