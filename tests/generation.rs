//! The JSON Schema engine's generator against every schema written in `fixtures/`: whatever the
//! seed, the direction and whether optional values are filled in, a generated value validates
//! against its schema (a fresh validator judges it), generation is deterministic, and it
//! finds a value for nearly every schema.

mod common;
use common::fixture_specs;

use std::path::PathBuf;

use proptest::prelude::*;
use weir::json_schema::{Generation, Validator, generate};
use weir::model::{SchemaId, Spec};
use weir::vocabulary::Direction;

const DIRECTIONS: [Direction; 3] = [Direction::Request, Direction::Response, Direction::None];

/// Generate for every schema of every fixture spec with `how`; panics on a value its schema
/// refuses. Returns (schemas tried, values found).
fn generate_everywhere(specs: &[(PathBuf, Spec)], how: Generation) -> (usize, usize) {
    let (mut tried, mut found) = (0, 0);
    for (path, spec) in specs {
        for direction in DIRECTIONS {
            let generator = Validator::new(spec, direction);
            let judge = Validator::new(spec, direction);
            for i in 0..spec.schemas.len() {
                let id = SchemaId(i as u32);
                tried += 1;
                let Some(value) = generate(&generator, id, how) else {
                    continue;
                };
                found += 1;
                let refusals: Vec<String> = judge
                    .validate(id, &value)
                    .iter()
                    .map(|v| v.describe())
                    .collect();
                let at = spec.schema(id).at.map(|n| spec.pointer(n));
                assert!(
                    refusals.is_empty(),
                    "{} {at:?} ({direction:?}, {how:?}): generated {value}, refused: {refusals:?}",
                    path.display()
                );
            }
        }
    }
    (tried, found)
}

#[test]
fn every_generated_value_is_valid_and_nearly_every_schema_has_one() {
    let specs = fixture_specs();
    assert!(specs.len() > 300, "only {} fixture specs", specs.len());
    for optional in [false, true] {
        let (tried, found) = generate_everywhere(specs, Generation { seed: 0, optional });
        eprintln!("optional {optional}: a value for {found} of {tried} schemas");
        // Schemas without a value are unsatisfiable ones (`false`, contradictory bounds) and
        // required recursion; the fixtures have few.
        assert!(
            found * 100 >= tried * 97,
            "optional {optional}: a value for only {found} of {tried} schemas"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let specs = fixture_specs();
    for (_, spec) in specs.iter().step_by(7) {
        let v = Validator::new(spec, Direction::Response);
        for i in 0..spec.schemas.len() {
            let id = SchemaId(i as u32);
            let how = Generation {
                seed: 42,
                optional: true,
            };
            assert_eq!(generate(&v, id, how), generate(&v, id, how));
        }
    }
}

#[test]
fn optional_properties_fill_bodies_and_exempt_ones_stay_out() {
    let spec = common::spec_from_text(
        "s.yaml",
        "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string, maxLength: 3}
        secret: {type: string, writeOnly: true}
        born: {type: string, format: date}
        tags: {type: array, items: {type: string, format: email}}
        parent: {$ref: '#/components/schemas/Pet'}
",
    );
    let pet = SchemaId(
        spec.schemas
            .iter()
            .position(|s| {
                s.at.map(|n| spec.pointer(n)).as_deref() == Some("/components/schemas/Pet")
            })
            .unwrap() as u32,
    );
    let full = Generation {
        seed: 0,
        optional: true,
    };
    let response = Validator::new(&spec, Direction::Response);
    let body = generate(&response, pet, full).unwrap();
    assert_eq!(body["id"], 1);
    assert_eq!(body["name"], "exa");
    assert_eq!(body["born"], "2024-01-31");
    assert_eq!(body["tags"][0], "someone@example.com");
    assert!(
        body.get("secret").is_none(),
        "writeOnly in a response: {body}"
    );
    // The recursive property holds a Pet of its own, cut where recursion would begin again.
    assert!(
        body["parent"].is_object() || body.get("parent").is_none(),
        "{body}"
    );
    let request = Validator::new(&spec, Direction::Request);
    let body = generate(&request, pet, full).unwrap();
    assert!(body.get("id").is_none(), "readOnly in a request: {body}");
    assert_eq!(body["secret"], "example");
    // Without optional values: what is required, and no more.
    let small = weir::json_schema::example(&response, pet).unwrap();
    assert_eq!(small, serde_json::json!({"id": 1, "name": "exa"}));
}

/// A validator keeps the drafts that depended on nothing around them and recalls them inside
/// later drafts: whatever was drafted before, each schema's example is the one a fresh
/// validator drafts.
#[test]
fn recalled_drafts_are_the_drafts_made_afresh() {
    // A spec whose one response is the component `root`, with `components` as written.
    let spec = |root: &str, components: &str| {
        common::spec_from_text(
            "recalled.yaml",
            &format!(
                "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{root}'}}
components:
  schemas:
{components}"
            ),
        )
    };
    // A chain of required objects deeper than generation goes: drafted from its head, the
    // links far down are cut for depth; drafted alone, they are not.
    let links: String = (0..24)
        .map(|i| {
            format!(
                "    L{i}: {{type: object, required: [next], properties: {{next: {{$ref: '#/components/schemas/L{}'}}}}}}\n",
                i + 1
            )
        })
        .collect();
    let chain = spec("L0", &format!("{links}    L24: {{type: string}}\n"));
    let head = chain
        .schemas
        .iter()
        .position(|s| s.at.map(|n| chain.pointer(n)).as_deref() == Some("/components/schemas/L0"));
    // A union whose first branch, drafted inside the union, fills an object's property with
    // the union again; drafted inside that object, the union cannot take that branch.
    let union = spec(
        "Z",
        "    X:
      anyOf: [{$ref: '#/components/schemas/Z'}, {type: string}]
    Z:
      type: object
      minProperties: 1
      properties:
        a: {$ref: '#/components/schemas/X'}
        b: {type: integer}
",
    );
    let specs = fixture_specs();
    let all = specs.iter().map(|(_, s)| s).chain([&chain, &union]);
    for spec in all {
        for direction in DIRECTIONS {
            let afresh: Vec<_> = (0..spec.schemas.len())
                .map(|i| {
                    generate(
                        &Validator::new(spec, direction),
                        SchemaId(i as u32),
                        Generation::default(),
                    )
                })
                .collect();
            let ascending = Validator::new(spec, direction);
            for (i, fresh) in afresh.iter().enumerate() {
                let id = SchemaId(i as u32);
                assert_eq!(&generate(&ascending, id, Generation::default()), fresh);
            }
            let descending = Validator::new(spec, direction);
            for (i, fresh) in afresh.iter().enumerate().rev() {
                let id = SchemaId(i as u32);
                assert_eq!(&generate(&descending, id, Generation::default()), fresh);
            }
        }
    }
    // The chain's head has no example (its links run too deep), its last links have one.
    let head = SchemaId(head.expect("L0 is a schema") as u32);
    let v = Validator::new(&chain, Direction::Response);
    assert_eq!(generate(&v, head, Generation::default()), None);
    let tail = chain.schemas.len() - 1;
    assert!(generate(&v, SchemaId(tail as u32), Generation::default()).is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn any_seed_gives_valid_values(seed in any::<u64>(), optional in any::<bool>()) {
        let specs = fixture_specs();
        let (tried, found) = generate_everywhere(specs, Generation { seed, optional });
        prop_assert!(found * 100 >= tried * 97, "{found} of {tried}");
    }
}
