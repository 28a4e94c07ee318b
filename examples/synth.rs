//! Synthetic specs of any size, for checking that weir's cost grows linearly with the spec:
//!
//!     target/release/examples/synth MEGABYTES OUT_DIR
//!
//! writes `OUT_DIR/base.yaml` and `OUT_DIR/revision.yaml`, an OpenAPI 3.0 pair shaped like
//! Stripe's (many resources, each a schema with a dozen properties, a collection and an item
//! path, shared `$ref`s) of about MEGABYTES each. The revision changes one resource in ten
//! (a property added, an enum value added, a maxLength lowered) and removes one operation in
//! fifty, so the diff has work proportional to the size. Output is deterministic.

use std::fmt::Write as _;

/// What the revision does to resource `i`.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Base,
    Revision,
}

fn schema(out: &mut String, i: usize, side: Side) {
    let changed = side == Side::Revision && i % 10 == 3;
    let name_max = if changed { 200 } else { 256 };
    writeln!(
        out,
        "    resource_{i}:
      description: Resource number {i}, with the fields a typical API object has.
      type: object
      required:
      - id
      - object
      - created
      properties:
        id:
          description: Unique identifier for the object.
          maxLength: 5000
          type: string
        object:
          description: String representing the object's type.
          enum:
          - resource_{i}
          type: string
        created:
          description: Time at which the object was created, in seconds since the Unix epoch.
          format: unix-time
          type: integer
        name:
          description: The resource's display name.
          maxLength: {name_max}
          nullable: true
          type: string
        amount:
          description: An amount in the smallest currency unit.
          minimum: 0
          type: integer
        currency:
          description: Three-letter ISO currency code, in lowercase.
          format: currency
          type: string
        livemode:
          description: Whether the object exists in live mode or test mode.
          type: boolean
        metadata:
          additionalProperties:
            maxLength: 500
            type: string
          description: Set of key-value pairs attached to the object.
          type: object
        status:
          description: The status of the resource.
          enum:
          - active
          - inactive
          - pending"
    )
    .unwrap();
    if changed {
        out.push_str("          - archived\n");
    }
    writeln!(
        out,
        "          type: string
        owner:
          anyOf:
          - maxLength: 5000
            type: string
          - $ref: '#/components/schemas/resource_{owner}'
          description: The resource that owns this one.
          x-expansionResources:
            oneOf:
            - $ref: '#/components/schemas/resource_{owner}'
        items:
          description: The line items.
          items:
            $ref: '#/components/schemas/line_item'
          type: array",
        owner = i / 2
    )
    .unwrap();
    if changed {
        out.push_str(
            "        note:\n          description: A note added in the revision.\n          type: string\n",
        );
    }
}

/// The `default` response of every operation.
const ERROR_RESPONSE: &str = "        default:
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/error'
          description: Error response.";

/// The path parameter of the item path, as each of its operations lists it.
const ID_PARAMETER: &str = "      - in: path
        name: id
        required: true
        schema:
          maxLength: 5000
          type: string";

/// The responses of an operation that returns resource `i`: the resource, else the error.
fn resource_responses(i: usize) -> String {
    format!(
        "      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/resource_{i}'
          description: Successful response.
{ERROR_RESPONSE}"
    )
}

fn paths(out: &mut String, i: usize, side: Side) {
    let removed = side == Side::Revision && i % 50 == 7;
    let responses = resource_responses(i);
    writeln!(
        out,
        "  /v1/resource_{i}:
    get:
      description: Returns a list of resource_{i} objects.
      operationId: GetResource{i}s
      parameters:
      - description: A limit on the number of objects to be returned, between 1 and 100.
        in: query
        name: limit
        required: false
        schema:
          type: integer
      - description: A cursor for use in pagination.
        in: query
        name: starting_after
        required: false
        schema:
          maxLength: 5000
          type: string
      responses:
        '200':
          content:
            application/json:
              schema:
                properties:
                  data:
                    items:
                      $ref: '#/components/schemas/resource_{i}'
                    type: array
                  has_more:
                    type: boolean
                required:
                - data
                - has_more
                type: object
          description: Successful response.
{ERROR_RESPONSE}
    post:
      description: Creates a new resource_{i} object.
      operationId: PostResource{i}s
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              properties:
                name:
                  maxLength: 256
                  type: string
                amount:
                  type: integer
                metadata:
                  additionalProperties:
                    type: string
                  type: object
              required:
              - amount
              type: object
        required: true
{responses}
  /v1/resource_{i}/{{id}}:"
    )
    .unwrap();
    if !removed {
        writeln!(
            out,
            "    delete:
      description: Deletes a resource_{i} object.
      operationId: DeleteResource{i}
      parameters:
{ID_PARAMETER}
      responses:
        '200':
          description: Successful response."
        )
        .unwrap();
    }
    writeln!(
        out,
        "    get:
      description: Retrieves a resource_{i} object.
      operationId: GetResource{i}
      parameters:
{ID_PARAMETER}
      - description: Specifies which fields in the response should be expanded.
        explode: true
        in: query
        name: expand
        required: false
        schema:
          items:
            maxLength: 5000
            type: string
          type: array
        style: deepObject
{responses}"
    )
    .unwrap();
}

/// A spec with `n` resources.
fn spec(n: usize, side: Side) -> String {
    let mut out = String::with_capacity(n * 9000);
    out.push_str(
        "openapi: 3.0.0
info:
  title: Synthetic API
  version: '1.0.0'
servers:
- url: https://api.example.com/
paths:
",
    );
    for i in 0..n {
        paths(&mut out, i, side);
    }
    out.push_str(
        "components:
  schemas:
    error:
      properties:
        code:
          type: string
        message:
          type: string
      type: object
    line_item:
      properties:
        id:
          type: string
        quantity:
          minimum: 1
          type: integer
      required:
      - id
      type: object
",
    );
    for i in 0..n {
        schema(&mut out, i, side);
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mb), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: synth MEGABYTES OUT_DIR");
        std::process::exit(2);
    };
    let mb: f64 = mb.parse().expect("MEGABYTES is a number");
    // One resource is about 6.5 kB; measure instead of guessing.
    let per = spec(10, Side::Base).len() as f64 / 10.0;
    let n = ((mb * 1e6) / per).round().max(1.0) as usize;
    std::fs::create_dir_all(&dir).expect("creates OUT_DIR");
    for (side, file) in [(Side::Base, "base.yaml"), (Side::Revision, "revision.yaml")] {
        let text = spec(n, side);
        std::fs::write(std::path::Path::new(&dir).join(file), text).expect("writes the spec");
    }
}
