//! Pan and zoom of a diagram shown in a box (the page's enlarged view): where the drawing sits
//! and at what scale. Pure arithmetic, so the page only turns pointer, wheel and key events into
//! calls here and the result into a CSS transform.

/// Smallest scale (a 100M diagram fits a phone at about 0.2).
pub const MIN_SCALE: f64 = 0.05;
/// Largest scale.
pub const MAX_SCALE: f64 = 8.0;
/// One zoom step (a `+` or `−` key or button).
pub const STEP: f64 = 1.25;
/// One pan step (an arrow key), in CSS pixels.
pub const PAN_STEP: f64 = 48.0;
/// Space kept around a fitted drawing, in CSS pixels.
const FIT_MARGIN: f64 = 12.0;

/// Where a drawing sits in its box: its top-left corner at (`x`, `y`) in the box, drawn at
/// `scale` times its natural size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zoom {
    /// Scale (1 = natural size: the drawing's units are CSS pixels).
    pub scale: f64,
    /// Left edge of the drawing in the box, in CSS pixels.
    pub x: f64,
    /// Top edge of the drawing in the box, in CSS pixels.
    pub y: f64,
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom {
            scale: 1.0,
            x: 0.0,
            y: 0.0,
        }
    }
}

/// A finite, positive size, or 1.
fn size(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        1.0
    }
}

/// The offset that centres `len` in `room` when it fits, or puts its start at the box's start.
fn centre(len: f64, room: f64) -> f64 {
    ((room - len) / 2.0).max(0.0)
}

impl Zoom {
    /// Natural size (scale 1) for a `w`×`h` drawing in a `bw`×`bh` box: centred where it fits,
    /// its top-left corner at the box's otherwise.
    pub fn actual(w: f64, h: f64, bw: f64, bh: f64) -> Zoom {
        Zoom {
            scale: 1.0,
            x: centre(size(w), size(bw)),
            y: centre(size(h), size(bh)),
        }
    }

    /// The whole `w`×`h` drawing in the `bw`×`bh` box, as large as fits, centred.
    pub fn fit(w: f64, h: f64, bw: f64, bh: f64) -> Zoom {
        let (w, h, bw, bh) = (size(w), size(h), size(bw), size(bh));
        let room = |b: f64| (b - 2.0 * FIT_MARGIN).max(1.0);
        let scale = (room(bw) / w).min(room(bh) / h).clamp(MIN_SCALE, MAX_SCALE);
        Zoom {
            scale,
            x: (bw - w * scale) / 2.0,
            y: (bh - h * scale) / 2.0,
        }
    }

    /// Zoomed by `factor` about the point (`px`, `py`) of the box, which stays where it is
    /// (the pointer, the pinch's centre); the scale stays within [`MIN_SCALE`]..[`MAX_SCALE`].
    pub fn zoom_at(self, factor: f64, px: f64, py: f64) -> Zoom {
        let factor = if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        };
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let k = scale / self.scale;
        Zoom {
            scale,
            x: px - (px - self.x) * k,
            y: py - (py - self.y) * k,
        }
    }

    /// Moved by (`dx`, `dy`) CSS pixels.
    pub fn pan(self, dx: f64, dy: f64) -> Zoom {
        let f = |v: f64| if v.is_finite() { v } else { 0.0 };
        Zoom {
            x: self.x + f(dx),
            y: self.y + f(dy),
            ..self
        }
    }

    /// The CSS transform that draws it (with `transform-origin: 0 0`).
    pub fn css(self) -> String {
        format!("transform:{}", self.transform())
    }

    /// The value of the `transform` property alone: `translate(…px,…px) scale(…)`.
    pub fn transform(self) -> String {
        format!(
            "translate({:.1}px,{:.1}px) scale({:.4})",
            self.x, self.y, self.scale
        )
    }

    /// The scale as a percentage for people: `100%`.
    pub fn percent(self) -> String {
        format!("{:.0}%", self.scale * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: "100%" is the drawing's natural size, centred only when it fits the box.
    #[test]
    fn actual_size_is_scale_one_centred_when_it_fits() {
        let z = Zoom::actual(400.0, 200.0, 1000.0, 600.0);
        assert_eq!(
            z,
            Zoom {
                scale: 1.0,
                x: 300.0,
                y: 200.0
            }
        );
        let z = Zoom::actual(1600.0, 900.0, 390.0, 700.0);
        assert_eq!(
            z,
            Zoom {
                scale: 1.0,
                x: 0.0,
                y: 0.0
            }
        );
    }

    // Guards: "Fit" shows the whole drawing inside the box, margins included, centred.
    #[test]
    fn fit_shows_the_whole_drawing() {
        let (w, h, bw, bh) = (1600.0, 900.0, 390.0, 700.0);
        let z = Zoom::fit(w, h, bw, bh);
        assert!(z.scale < 1.0);
        assert!(z.x >= FIT_MARGIN - 1e-9 && z.x + w * z.scale <= bw - FIT_MARGIN + 1e-9);
        assert!(z.y >= 0.0 && z.y + h * z.scale <= bh);
        assert!((z.x - (bw - w * z.scale) / 2.0).abs() < 1e-9);
    }

    // Guards: zooming about a point keeps that point of the drawing under it (wheel at the
    // pointer, pinch at the fingers), and the scale stays in its bounds.
    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let z = Zoom {
            scale: 1.0,
            x: 10.0,
            y: 20.0,
        };
        let (px, py) = (200.0, 150.0);
        let before = ((px - z.x) / z.scale, (py - z.y) / z.scale);
        let z2 = z.zoom_at(STEP, px, py);
        let after = ((px - z2.x) / z2.scale, (py - z2.y) / z2.scale);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert_eq!(z2.scale, STEP);
        let mut big = z;
        for _ in 0..100 {
            big = big.zoom_at(STEP, 0.0, 0.0);
        }
        assert_eq!(big.scale, MAX_SCALE);
        assert_eq!(
            z.zoom_at(f64::NAN, 5.0, 5.0),
            z,
            "a bad factor changes nothing"
        );
    }

    // Guards: panning moves the drawing by exactly the distance, and ignores non-finite input.
    #[test]
    fn pan_moves_by_the_distance() {
        let z = Zoom::default().pan(PAN_STEP, -PAN_STEP);
        assert_eq!((z.x, z.y, z.scale), (PAN_STEP, -PAN_STEP, 1.0));
        assert_eq!(z.pan(f64::INFINITY, f64::NAN), z);
    }

    // Guards: the CSS the page applies and the percentage it shows.
    #[test]
    fn css_and_percent() {
        let z = Zoom {
            scale: 1.5,
            x: -12.25,
            y: 3.0,
        };
        assert_eq!(z.css(), "transform:translate(-12.2px,3.0px) scale(1.5000)");
        assert_eq!(z.percent(), "150%");
    }
}
