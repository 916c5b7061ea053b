//! Secret tokens for links sent by e-mail. Only their SHA-256 is stored, so a copy of
//! the database does not hand out working links.

use sha2::{Digest, Sha256};

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex::encode(bytes)
}

/// What is stored for a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A string that could be a token: used to refuse junk before touching the database.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&a));
        assert!(!looks_like_token("../etc"));
    }
}
