//! A serde `Serializer` writing the bytes `serde_json::to_string_pretty` writes, for the
//! reports' JSON. serde_json writes every string, struct field names included, through a
//! loop that looks each byte up in a table, and every bracket, key and value through a
//! formatter call or two: on a big diff's JSON report (thousands of findings of some twenty
//! keys each) that was most of the report's cost. Here a string is checked eight bytes at a
//! time ([`clean_run`], the diff's own check) and copied a clean run at a time, a struct
//! field's name is checked once a writer ([`PrettyWriter::name`]), and each line break is
//! written with its indentation in one piece.
//!
//! The layout is serde_json's pretty one: two spaces a level, `": "` after a key, an empty
//! array or object as `[]` or `{}`, the escapes `\"` `\\` `\b` `\f` `\n` `\r` `\t` and
//! `\u00XX` (lowercase hex) for the other bytes below 0x20, nothing else escaped. Numbers are
//! written by serde_json's own `CompactFormatter` (itoa, ryu), so they are its digits; a
//! float that is not finite is `null`, as serde_json writes it. Map keys are what serde_json
//! accepts as keys: strings, and numbers, booleans and chars written as strings.

use std::io::{self, Write};

use rustc_hash::FxHashSet;
use serde::Serialize;
use serde::ser::{self, Error as _};
use serde_json::Error;
use serde_json::ser::{CompactFormatter, Formatter};

use crate::diff::value::clean_run;

/// What writing gives: nothing, or serde_json's error.
type PrettyResult<T = ()> = std::result::Result<T, Error>;

/// The name of the struct a `serde_json::value::RawValue` serializes as (serde_json's private
/// token, stable across its 1.x releases): its one field is JSON text, written as it is. This
/// is how serde_json's own serializer tells a `RawValue` from a struct, and the reports write
/// file names and operation labels escaped beforehand as `RawValue`s.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// `,` then a line break and as many spaces as the deepest level written in one piece needs;
/// deeper levels are written a level at a time.
const BREAK: &[u8] = b",\n                                                                ";

/// Writes values as pretty JSON to `out`, as if `level` levels deep in a bigger document.
pub(super) struct PrettyWriter<W> {
    out: W,
    level: usize,
    /// A map key is being written: numbers and booleans go between quotes, anything but a
    /// string, a number, a boolean or a char is an error (as in serde_json).
    key: bool,
    /// A `RawValue`'s text is being written: the string is JSON already.
    raw: bool,
    /// Struct field names found to need no escape, by address and length. A derived
    /// struct's field names are the same `&'static str`s every time: a report of thousands
    /// of findings checks each once, not once a finding.
    clean_names: FxHashSet<(usize, usize)>,
}

impl<W: Write> PrettyWriter<W> {
    /// A writer whose values stand `level` levels deep: their lines are indented as they
    /// would be there (the first is not: it follows what is written before).
    pub(super) fn at(out: W, level: usize) -> PrettyWriter<W> {
        PrettyWriter {
            out,
            level,
            key: false,
            raw: false,
            clean_names: FxHashSet::default(),
        }
    }

    /// `values` as elements of an array, standing at this writer's level, each written by
    /// `write`: each on a line of its own after a comma (but the first, when `first`). The
    /// array's brackets and other elements are written elsewhere (a big report's array is
    /// written in runs, on threads).
    pub(super) fn elements<T>(
        &mut self,
        values: impl IntoIterator<Item = T>,
        mut first: bool,
        mut write: impl FnMut(&mut Self, T) -> PrettyResult,
    ) -> PrettyResult {
        for value in values {
            self.line(first)?;
            first = false;
            write(self, value)?;
        }
        Ok(())
    }

    /// `{`, one level deeper, for an object written by hand ([`Opened::next_at`]): a shape a big
    /// report writes thousands of times (a diff's findings) is written with no serde call
    /// for each key and value.
    pub(super) fn object(&mut self) -> PrettyResult<Opened<'_, W>> {
        self.open(Holds::Map)
    }

    /// `[`, one level deeper, for an array written by hand ([`Opened::next_at`]).
    pub(super) fn array(&mut self) -> PrettyResult<Opened<'_, W>> {
        self.open(Holds::Seq)
    }

    /// A word of weir's own vocabulary (a change's kind or context, a level, a bump) as a
    /// JSON string, not looked over for escapes: such words are names written in the code,
    /// which need none (json/by_hand.rs's tests check each one). A big report writes five a
    /// finding.
    pub(super) fn word(&mut self, word: &'static str) -> PrettyResult {
        debug_assert_eq!(
            clean_run(word.as_bytes()),
            word.len(),
            "{word} needs no escape"
        );
        self.put(b"\"")?;
        self.put(word.as_bytes())?;
        self.put(b"\"")
    }

    /// `json`, JSON text already, as it is.
    pub(super) fn raw(&mut self, json: &str) -> PrettyResult {
        self.put(json.as_bytes())
    }

    /// `null`.
    pub(super) fn null(&mut self) -> PrettyResult {
        self.put(b"null")
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> PrettyResult {
        self.out.write_all(bytes).map_err(Error::io)
    }

    /// A line break (after a comma unless `first`) and the current level's indentation.
    fn line(&mut self, first: bool) -> PrettyResult {
        let from = usize::from(first);
        let width = 2 * self.level;
        if 2 + width <= BREAK.len() {
            return self.put(&BREAK[from..2 + width]);
        }
        self.put(&BREAK[from..2])?;
        for _ in 0..self.level {
            self.put(b"  ")?;
        }
        Ok(())
    }

    /// `s` as a JSON string: its clean runs copied as they are, the bytes between escaped.
    pub(super) fn string(&mut self, s: &str) -> PrettyResult {
        self.put(b"\"")?;
        let mut rest = s.as_bytes();
        loop {
            let clean = clean_run(rest);
            self.put(&rest[..clean])?;
            let Some((&b, after)) = rest[clean..].split_first() else {
                break;
            };
            match short_escape(b) {
                Some(letter) => self.put(&[b'\\', letter])?,
                None => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let (high, low) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]);
                    self.put(&[b'\\', b'u', b'0', b'0', high, low])?;
                }
            }
            rest = after;
        }
        self.put(b"\"")
    }

    /// A struct field's name, `"name": `, checked for escapes only the first time it is seen.
    fn name(&mut self, name: &'static str) -> PrettyResult {
        let at = (name.as_ptr().addr(), name.len());
        if !self.clean_names.contains(&at) {
            if clean_run(name.as_bytes()) < name.len() {
                self.string(name)?;
                return self.put(b": ");
            }
            self.clean_names.insert(at);
        }
        self.put(b"\"")?;
        self.put(name.as_bytes())?;
        self.put(b"\": ")
    }

    /// A number (or boolean), by serde_json's formatter; between quotes as a map key.
    fn number(&mut self, write: impl FnOnce(&mut W) -> io::Result<()>) -> PrettyResult {
        if !self.key {
            return write(&mut self.out).map_err(Error::io);
        }
        self.put(b"\"")?;
        write(&mut self.out).map_err(Error::io)?;
        self.put(b"\"")
    }

    /// A float: serde_json writes one that is not finite as `null`, and refuses it as a key.
    fn float(
        &mut self,
        finite: bool,
        write: impl FnOnce(&mut W) -> io::Result<()>,
    ) -> PrettyResult {
        match (finite, self.key) {
            (true, _) => self.number(write),
            (false, false) => self.put(b"null"),
            (false, true) => Err(Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            )),
        }
    }

    /// What cannot be a map key here cannot be one in serde_json either.
    fn not_a_key(&self) -> PrettyResult {
        if self.key {
            return Err(Error::custom("key must be a string"));
        }
        Ok(())
    }

    /// `[` or `{`, one level deeper.
    fn open(&mut self, shape: Holds) -> PrettyResult<Opened<'_, W>> {
        self.not_a_key()?;
        self.level += 1;
        self.put(if shape == Holds::Seq { b"[" } else { b"{" })?;
        Ok(Opened {
            ser: self,
            shape,
            first: true,
            variant: false,
        })
    }

    /// `{"variant": ` before a variant's value, as serde_json writes an enum's variant with
    /// data (its closing `}` is [`PrettyWriter::close_variant`]'s).
    fn open_variant(&mut self, variant: &str) -> PrettyResult {
        self.not_a_key()?;
        self.level += 1;
        self.put(b"{")?;
        self.line(true)?;
        self.string(variant)?;
        self.put(b": ")
    }

    /// An array or object as an enum variant's value, in the variant's object.
    fn open_in_variant(&mut self, variant: &str, shape: Holds) -> PrettyResult<Opened<'_, W>> {
        self.open_variant(variant)?;
        let mut opened = self.open(shape)?;
        opened.variant = true;
        Ok(opened)
    }

    fn close_variant(&mut self) -> PrettyResult {
        self.level -= 1;
        self.line(true)?;
        self.put(b"}")
    }
}

/// What an [`Opened`] writes: an array, an object, or a `RawValue`'s text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holds {
    Seq,
    Map,
    Raw,
}

/// An array or object being written (serde's `SerializeSeq`, `SerializeMap` and the rest).
pub(super) struct Opened<'a, W> {
    ser: &'a mut PrettyWriter<W>,
    shape: Holds,
    /// Nothing written in it yet: no comma before the next line, and empty it is `[]` or `{}`.
    first: bool,
    /// It is an enum variant's value: closing it closes the variant's object too.
    variant: bool,
}

impl<W: Write> Opened<'_, W> {
    /// The line an element or entry starts on.
    fn next_line(&mut self) -> PrettyResult {
        let first = std::mem::replace(&mut self.first, false);
        self.ser.line(first)
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> PrettyResult {
        self.next_line()?;
        value.serialize(&mut *self.ser)
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> PrettyResult {
        if self.shape == Holds::Raw {
            self.ser.raw = true;
            let written = value.serialize(&mut *self.ser);
            self.ser.raw = false;
            return written;
        }
        self.next_line()?;
        self.ser.name(key)?;
        value.serialize(&mut *self.ser)
    }

    /// The next key or element of an array or object written by hand, on the line `line`
    /// writes: `,` (left out before the first), a line break, the indentation of this
    /// writer's level and, in an object, `"key": ` (a key needing no escape). The line is
    /// text made beforehand, written in one piece; its value is the returned writer's to
    /// write.
    #[inline]
    pub(super) fn next_at(&mut self, line: &'static str) -> PrettyResult<&mut PrettyWriter<W>> {
        debug_assert!(
            line.starts_with(",\n")
                && line[2..].bytes().take_while(|&b| b == b' ').count() == 2 * self.ser.level,
            "{line:?} stands at level {}",
            self.ser.level
        );
        let line = if std::mem::replace(&mut self.first, false) {
            &line[1..]
        } else {
            line
        };
        self.ser.put(line.as_bytes())?;
        Ok(&mut *self.ser)
    }

    /// `]` or `}`, on a line of its own unless nothing was written in it.
    pub(super) fn close(self) -> PrettyResult {
        if self.shape == Holds::Raw {
            return Ok(());
        }
        self.ser.level -= 1;
        if !self.first {
            self.ser.line(true)?;
        }
        self.ser
            .put(if self.shape == Holds::Seq { b"]" } else { b"}" })?;
        if self.variant {
            self.ser.close_variant()?;
        }
        Ok(())
    }
}

/// The letter serde_json escapes a byte with after a backslash, if it has one (the other
/// control characters are written `\u00XX`).
pub(super) fn short_escape(b: u8) -> Option<u8> {
    match b {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        0x0c => Some(b'f'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\t' => Some(b't'),
        _ => None,
    }
}

impl<'a, W: Write> ser::Serializer for &'a mut PrettyWriter<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Opened<'a, W>;
    type SerializeTuple = Opened<'a, W>;
    type SerializeTupleStruct = Opened<'a, W>;
    type SerializeTupleVariant = Opened<'a, W>;
    type SerializeMap = Opened<'a, W>;
    type SerializeStruct = Opened<'a, W>;
    type SerializeStructVariant = Opened<'a, W>;

    fn serialize_bool(self, v: bool) -> PrettyResult {
        self.number(|w| CompactFormatter.write_bool(w, v))
    }
    fn serialize_i8(self, v: i8) -> PrettyResult {
        self.number(|w| CompactFormatter.write_i8(w, v))
    }
    fn serialize_i16(self, v: i16) -> PrettyResult {
        self.number(|w| CompactFormatter.write_i16(w, v))
    }
    fn serialize_i32(self, v: i32) -> PrettyResult {
        self.number(|w| CompactFormatter.write_i32(w, v))
    }
    fn serialize_i64(self, v: i64) -> PrettyResult {
        self.number(|w| CompactFormatter.write_i64(w, v))
    }
    fn serialize_i128(self, v: i128) -> PrettyResult {
        self.number(|w| CompactFormatter.write_i128(w, v))
    }
    fn serialize_u8(self, v: u8) -> PrettyResult {
        self.number(|w| CompactFormatter.write_u8(w, v))
    }
    fn serialize_u16(self, v: u16) -> PrettyResult {
        self.number(|w| CompactFormatter.write_u16(w, v))
    }
    fn serialize_u32(self, v: u32) -> PrettyResult {
        self.number(|w| CompactFormatter.write_u32(w, v))
    }
    fn serialize_u64(self, v: u64) -> PrettyResult {
        self.number(|w| CompactFormatter.write_u64(w, v))
    }
    fn serialize_u128(self, v: u128) -> PrettyResult {
        self.number(|w| CompactFormatter.write_u128(w, v))
    }

    fn serialize_f32(self, v: f32) -> PrettyResult {
        self.float(v.is_finite(), |w| CompactFormatter.write_f32(w, v))
    }
    fn serialize_f64(self, v: f64) -> PrettyResult {
        self.float(v.is_finite(), |w| CompactFormatter.write_f64(w, v))
    }

    fn serialize_char(self, v: char) -> PrettyResult {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> PrettyResult {
        if self.raw {
            return self.put(v.as_bytes());
        }
        self.string(v)
    }
    /// As serde_json: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> PrettyResult {
        let mut seq = self.open(Holds::Seq)?;
        for b in v {
            seq.element(b)?;
        }
        seq.close()
    }

    fn serialize_none(self) -> PrettyResult {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> PrettyResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> PrettyResult {
        self.not_a_key()?;
        self.put(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> PrettyResult {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> PrettyResult {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> PrettyResult {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> PrettyResult {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant()
    }

    fn serialize_seq(self, _len: Option<usize>) -> PrettyResult<Opened<'a, W>> {
        self.open(Holds::Seq)
    }
    fn serialize_tuple(self, _len: usize) -> PrettyResult<Opened<'a, W>> {
        self.open(Holds::Seq)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> PrettyResult<Opened<'a, W>> {
        self.open(Holds::Seq)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> PrettyResult<Opened<'a, W>> {
        self.open_in_variant(variant, Holds::Seq)
    }
    fn serialize_map(self, _len: Option<usize>) -> PrettyResult<Opened<'a, W>> {
        self.open(Holds::Map)
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> PrettyResult<Opened<'a, W>> {
        if name == RAW_VALUE && !self.key {
            return Ok(Opened {
                ser: self,
                shape: Holds::Raw,
                first: true,
                variant: false,
            });
        }
        self.open(Holds::Map)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> PrettyResult<Opened<'a, W>> {
        self.open_in_variant(variant, Holds::Map)
    }
}

/// serde's traits for what an [`Opened`] holds, each the same two calls: `$add` (an
/// element, or a field and its name) and [`Opened::close`].
macro_rules! opened {
    ($($trait:ident :: $method:ident($($name:ident: $named:ty,)?) => $add:ident;)*) => {$(
        impl<W: Write> ser::$trait for Opened<'_, W> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, $($name: $named,)? value: &T) -> PrettyResult {
                self.$add($($name,)? value)
            }
            fn end(self) -> PrettyResult {
                self.close()
            }
        }
    )*};
}

opened! {
    SerializeSeq::serialize_element() => element;
    SerializeTuple::serialize_element() => element;
    SerializeTupleStruct::serialize_field() => element;
    SerializeTupleVariant::serialize_field() => element;
    SerializeStruct::serialize_field(key: &'static str,) => field;
    SerializeStructVariant::serialize_field(key: &'static str,) => field;
}

impl<W: Write> ser::SerializeMap for Opened<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> PrettyResult {
        self.next_line()?;
        self.ser.key = true;
        let written = key.serialize(&mut *self.ser);
        self.ser.key = false;
        written
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> PrettyResult {
        self.ser.put(b": ")?;
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> PrettyResult {
        self.close()
    }
}

#[cfg(test)]
mod tests;
