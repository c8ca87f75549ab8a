//! Kleene's three-valued logic: a test on a missing fact is unknown, never false.

use serde::{Deserialize, Serialize};

/// True, false, or unknown (the evidence does not decide).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    /// Decided true.
    True,
    /// Decided false.
    False,
    /// Not decided: some evidence is missing.
    Unknown,
}

impl Truth {
    /// Kleene conjunction: false wins, then unknown.
    #[must_use]
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    /// Kleene disjunction: true wins, then unknown.
    #[must_use]
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }

    /// Kleene negation: unknown stays unknown.
    #[must_use]
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// The conjunction of many (true when there are none).
    pub fn all(values: impl IntoIterator<Item = Truth>) -> Truth {
        values.into_iter().fold(Truth::True, Truth::and)
    }

    /// The disjunction of many (false when there are none).
    pub fn any(values: impl IntoIterator<Item = Truth>) -> Truth {
        values.into_iter().fold(Truth::False, Truth::or)
    }
}

impl From<bool> for Truth {
    fn from(value: bool) -> Self {
        if value { Truth::True } else { Truth::False }
    }
}

impl From<Option<bool>> for Truth {
    fn from(value: Option<bool>) -> Self {
        value.map_or(Truth::Unknown, Truth::from)
    }
}
