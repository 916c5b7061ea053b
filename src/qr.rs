//! QR codes, for the posters that carry a campaign's short link onto paper.

use qrcode::{EcLevel, QrCode};

/// The QR code of `text` as a PNG, at least 600 pixels wide with its quiet zone (about
/// 5 cm at 300 dpi: readable from a poster on a notice board). Error correction level
/// M survives the creases and smudges of a printed sheet.
pub fn png(text: &str) -> Result<Vec<u8>, String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("QR code of {} bytes: {e}", text.len()))?;
    let image = code
        .render::<image::Luma<u8>>()
        .min_dimensions(600, 600)
        .quiet_zone(true)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| format!("QR code as PNG: {e}"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_is_drawn_as_a_png() {
        let png = super::png("https://gopy.example.gov.vn/v/abcdefg").unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
}
