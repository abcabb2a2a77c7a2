//! The cover's QR code, drawn as vector squares (sharp at any zoom, and readable by any
//! scanner from a printed page or a rendering).

use crate::page::Canvas;

/// Draws a QR code of `data` with its top-left corner at (x, top), `size` points wide
/// (including the four-module quiet zone the standard asks for). Fails only for data too long
/// for a QR code.
pub fn draw(canvas: &mut Canvas, data: &str, x: f32, top: f32, size: f32) -> Result<(), String> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| format!("the verification address does not fit a QR code: {e}"))?;
    let n = code.width();
    let module = size / (n + 8) as f32;
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    canvas.fill((1.0, 1.0, 1.0), x, top - size, size, size);
    for row in 0..n {
        // One rectangle per run of dark modules in a row.
        let mut col = 0;
        while col < n {
            if !dark[row * n + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && dark[row * n + col] {
                col += 1;
            }
            canvas.fill(
                (0.0, 0.0, 0.0),
                x + (start + 4) as f32 * module,
                top - (row + 5) as f32 * module,
                (col - start) as f32 * module,
                module,
            );
        }
    }
    Ok(())
}
