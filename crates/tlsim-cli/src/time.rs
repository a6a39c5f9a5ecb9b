//! Dates on the command line: Unix seconds or RFC 3339 (`2026-01-01T00:00:00Z`,
//! `2026-01-01T01:00:00+01:00`, `2026-01-01` for midnight UTC). Calendar arithmetic: `tlsim_core::calendar`.

use tlsim_core::calendar::{days_from_civil, days_in_month};

fn num(s: &str, what: &str, lo: i64, hi: i64) -> Result<i64, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{what} {s:?} is not a number"));
    }
    let v: i64 = s
        .parse()
        .map_err(|_| format!("{what} {s:?} is not a number"))?;
    if v < lo || v > hi {
        return Err(format!("{what} {v} is out of range {lo}..={hi}"));
    }
    Ok(v)
}

/// Parse Unix seconds (`1767225600`, `-5`) or an RFC 3339 date-time.
pub fn parse_time(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(v) = s.parse::<i64>() {
        return Ok(v);
    }
    let err = |d: String| {
        format!("{s:?}: {d} (want Unix seconds or RFC 3339, e.g. 2026-01-01T00:00:00Z)")
    };
    let (date, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let mut dp = date.split('-');
    let (Some(y), Some(m), Some(d), None) = (dp.next(), dp.next(), dp.next(), dp.next()) else {
        return Err(err("the date must be YYYY-MM-DD".into()));
    };
    let y = num(y, "year", 0, 9999).map_err(err)?;
    let m = num(m, "month", 1, 12).map_err(err)?;
    let d = num(d, "day", 1, days_in_month(y, m)).map_err(err)?;
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if rest.is_empty() {
        return Ok(secs);
    }
    // time, then Z or ±HH:MM
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, o) = rest.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let Some((oh, om)) = o[1..].split_once(':') else {
            return Err(err("the offset must be ±HH:MM".into()));
        };
        let off = num(oh, "offset hours", 0, 23).map_err(err)? * 3600
            + num(om, "offset minutes", 0, 59).map_err(err)? * 60;
        (c, sign * off)
    } else {
        return Err(err("the time needs a zone: Z or ±HH:MM".into()));
    };
    let clock = clock.split('.').next().unwrap_or_default(); // fractional seconds dropped
    let mut cp = clock.split(':');
    let (Some(h), Some(mi), Some(se), None) = (cp.next(), cp.next(), cp.next(), cp.next()) else {
        return Err(err("the time must be HH:MM:SS".into()));
    };
    secs += num(h, "hour", 0, 23).map_err(err)? * 3600;
    secs += num(mi, "minute", 0, 59).map_err(err)? * 60;
    secs += num(se, "second", 0, 60).map_err(err)?;
    Ok(secs - offset)
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_time(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let s = t.rem_euclid(86_400);
    let (y, m, d) = tlsim_core::calendar::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(parse_time("1767225600"), Ok(1_767_225_600));
        assert_eq!(parse_time("2026-01-01T00:00:00Z"), Ok(1_767_225_600));
        assert_eq!(parse_time("2026-01-01"), Ok(1_767_225_600));
        assert_eq!(parse_time("2026-01-01T01:00:00+01:00"), Ok(1_767_225_600));
        assert_eq!(parse_time("2025-12-31T19:00:00.5-05:00"), Ok(1_767_225_600));
        assert_eq!(parse_time("2028-02-29T00:00:00Z"), Ok(1_835_395_200));
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Ok(0));
        assert!(parse_time("2027-02-29").is_err());
        assert!(parse_time("2026-13-01").is_err());
        assert!(parse_time("2026-01-01T00:00:00")
            .unwrap_err()
            .contains("zone"));
        assert!(parse_time("yesterday").is_err());
        for t in [0, 1_767_225_600, 1_835_395_200, 2_840_140_800, 951_782_400] {
            assert_eq!(parse_time(&format_time(t)), Ok(t), "{}", format_time(t));
        }
        assert_eq!(format_time(1_795_424_400), "2026-11-23T09:00:00Z");
    }
}
