//! Presets: sets of rule levels weir.toml chooses by name (`[policy] preset = "strict"`), kept
//! as data in `rules/presets/<name>.toml` and parsed once. A preset sits under `[rules]`: a
//! level the repository sets itself wins.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::config::Preset;
use crate::rules::catalogue;
use crate::vocabulary::Level;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetFile {
    rules: BTreeMap<String, Level>,
}

/// Parse a preset file; every rule it names must exist.
fn parse(name: &str, text: &str) -> Result<Vec<(String, Level)>, String> {
    let file: PresetFile =
        toml::from_str(text).map_err(|e| format!("rules/presets/{name}.toml: {e}"))?;
    for id in file.rules.keys() {
        if catalogue().get(id).is_none() {
            return Err(format!("rules/presets/{name}.toml: no rule `{id}`"));
        }
    }
    Ok(file.rules.into_iter().collect())
}

/// The rule levels a preset sets.
pub(crate) fn levels(preset: Preset) -> &'static [(String, Level)] {
    static STRICT: OnceLock<Vec<(String, Level)>> = OnceLock::new();
    match preset {
        Preset::Default => &[],
        Preset::Strict => STRICT.get_or_init(|| {
            parse("strict", include_str!("../../rules/presets/strict.toml"))
                .unwrap_or_else(|e| panic!("embedded preset is invalid: {e}"))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Direction;

    #[test]
    fn strict_raises_response_widenings_that_are_not_breaking_by_default() {
        let strict = levels(Preset::Strict);
        assert!(strict.len() > 30);
        for (id, level) in strict {
            let rule = catalogue().get(id).unwrap();
            assert_eq!(*level, Level::Breaking, "{id}");
            assert!(rule.level < Level::Breaking, "{id} is already breaking");
            assert_eq!(rule.directions, [Direction::Response], "{id}");
        }
        assert!(
            strict
                .iter()
                .any(|(id, _)| id == "response-enum-value-added")
        );
        assert!(levels(Preset::Default).is_empty());
    }

    #[test]
    fn a_preset_naming_no_rule_is_refused() {
        let e = parse("x", "[rules]\nresponse-enum-valu-added = \"breaking\"\n").unwrap_err();
        assert!(e.contains("response-enum-valu-added"), "{e}");
    }
}
