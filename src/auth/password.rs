//! Passwords, hashed with Argon2id (argon2's defaults, a random salt each time). Hash and
//! verify take tens of milliseconds on purpose: call them off the async workers.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The shortest password accepted for a staff account.
pub const MIN_LENGTH: usize = 12;

pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a wrong e-mail
/// takes as long to refuse as a wrong password and the time tells nothing.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that matches nothing").unwrap_or_default())
}

/// Why a new password is refused, if it is.
pub fn weakness(password: &str, email: &str) -> Option<&'static str> {
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        return Some("Mật khẩu cần ít nhất 12 ký tự.");
    }
    if chars > 200 {
        return Some("Mật khẩu dài tối đa 200 ký tự.");
    }
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if !local.is_empty() && password.to_lowercase().contains(&local) {
        return Some("Mật khẩu không được chứa tên đăng nhập.");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("mật khẩu đủ dài 2026").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("mật khẩu đủ dài 2026", &h));
        assert!(!verify("mật khẩu sai", &h));
        assert!(!verify("x", "not a hash"));
        assert_ne!(
            h,
            hash("mật khẩu đủ dài 2026").unwrap(),
            "a fresh salt each time"
        );
    }

    #[test]
    fn weak_passwords_are_named() {
        assert!(weakness("ngan", "a@b.vn").is_some());
        assert!(weakness("bientap.vien.2026!", "bientap.vien@so.vn").is_some());
        assert!(weakness("Sông Hồng chảy về biển", "a@b.vn").is_none());
    }
}
