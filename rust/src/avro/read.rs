//! Avro binary -> Connect value (the inverse of [`super::write`]).

use num_bigint::BigInt;

use crate::error::{NativeError, Result};
use crate::schema::{int_range, DecimalValue, Logical, Schema, SchemaType, Value};

/// Decode one value of `schema` that fills all of `data`.
pub fn read_value(schema: &Schema, data: &[u8]) -> Result<Value> {
    let mut r = Reader { data, pos: 0 };
    let v = r.value(schema)?;
    if r.pos != data.len() {
        return Err(NativeError::data(format!(
            "Avro decoding failed: {} bytes left over",
            data.len() - r.pos
        )));
    }
    Ok(v)
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

fn eof() -> NativeError {
    NativeError::data("Avro decoding failed: unexpected end of data")
}

impl Reader<'_> {
    fn value(&mut self, schema: &Schema) -> Result<Value> {
        if schema.optional {
            let null_index = i64::from(schema.default.is_some());
            match self.long()? {
                i if i == null_index => return Ok(Value::Null),
                i if i == 1 - null_index => {}
                i => {
                    return Err(NativeError::data(format!(
                        "Avro decoding failed: union index {i}"
                    )))
                }
            }
        }
        self.base(schema)
    }

    fn base(&mut self, schema: &Schema) -> Result<Value> {
        match schema.logical {
            Logical::Decimal(_) => {
                let scale = schema.decimal_scale()?;
                let unscaled = BigInt::from_signed_bytes_be(self.bytes()?);
                let negative = unscaled.sign() == num_bigint::Sign::Minus;
                let digits = unscaled.magnitude().to_string();
                return Ok(Value::Decimal(DecimalValue {
                    negative,
                    digits,
                    scale,
                }));
            }
            Logical::Date => return Ok(Value::Date(self.int()?)),
            Logical::Time => {
                let ms = self.int()?;
                if !(0..86_400_000).contains(&ms) {
                    return Err(NativeError::data(format!(
                        "Time values must be within one day, got {ms} ms"
                    )));
                }
                return Ok(Value::Time(ms));
            }
            Logical::Timestamp => return Ok(Value::Timestamp(self.long()?)),
            Logical::None => {}
        }
        Ok(match schema.ty {
            SchemaType::Int8 | SchemaType::Int16 | SchemaType::Int32 | SchemaType::Int64 => {
                let v = self.long()?;
                let (low, high) = int_range(schema.ty);
                if v < low || v > high {
                    return Err(NativeError::data(format!(
                        "Avro decoding failed: {v} out of range for {}",
                        schema.ty.java_name()
                    )));
                }
                Value::Int(v)
            }
            SchemaType::Float32 => Value::Float(f64::from(f32::from_le_bytes(self.fixed::<4>()?))),
            SchemaType::Float64 => Value::Float(f64::from_le_bytes(self.fixed::<8>()?)),
            SchemaType::Boolean => match self.take(1)?[0] {
                0 => Value::Boolean(false),
                1 => Value::Boolean(true),
                b => {
                    return Err(NativeError::data(format!(
                        "Avro decoding failed: boolean byte {b}"
                    )))
                }
            },
            SchemaType::String => {
                let b = self.bytes()?;
                Value::String(
                    std::str::from_utf8(b)
                        .map_err(|e| NativeError::data(format!("Avro decoding failed: {e}")))?
                        .to_owned(),
                )
            }
            SchemaType::Bytes => Value::Bytes(self.bytes()?.to_vec()),
            SchemaType::Array => {
                let item = schema.value_schema();
                let mut items = Vec::new();
                self.blocks(|r| {
                    items.push(r.value(item)?);
                    Ok(())
                })?;
                Value::Array(items)
            }
            SchemaType::Map => {
                let (key, val) = (schema.key_schema(), schema.value_schema());
                let mut entries = Vec::new();
                self.blocks(|r| {
                    let k = r.value(key)?;
                    entries.push((k, r.value(val)?));
                    Ok(())
                })?;
                Value::Map(entries)
            }
            SchemaType::Struct => Value::Struct(
                schema
                    .fields
                    .iter()
                    .map(|f| self.value(&f.schema))
                    .collect::<Result<Vec<_>>>()?,
            ),
        })
    }

    /// Array/map blocks: counts (a negative count is followed by the block's byte size) until 0.
    fn blocks(&mut self, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        loop {
            let mut count = self.long()?;
            if count == 0 {
                return Ok(());
            }
            if count < 0 {
                count = count.checked_neg().ok_or_else(eof)?;
                self.long()?; // block size in bytes
            }
            // every item takes at least one byte, except zero-size ones: bound by the data left
            if count as u64 > (self.data.len() - self.pos) as u64 + 1 && count > 1_000_000 {
                return Err(eof());
            }
            for _ in 0..count {
                item(self)?;
            }
        }
    }

    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(eof)?;
        let out = &self.data[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn bytes(&mut self) -> Result<&[u8]> {
        let len = self.long()?;
        let len = usize::try_from(len)
            .map_err(|_| NativeError::data(format!("Avro decoding failed: length {len}")))?;
        self.take(len)
    }

    fn int(&mut self) -> Result<i32> {
        let v = self.long()?;
        i32::try_from(v)
            .map_err(|_| NativeError::data(format!("Avro decoding failed: {v} is not an int")))
    }

    fn long(&mut self) -> Result<i64> {
        let mut n: u64 = 0;
        for shift in (0..70).step_by(7) {
            let b = *self.data.get(self.pos).ok_or_else(eof)?;
            self.pos += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok((n >> 1) as i64 ^ -((n & 1) as i64));
            }
            if shift == 63 {
                break;
            }
        }
        Err(NativeError::data("Avro decoding failed: varint too long"))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::write_value;
    use super::*;
    use crate::schema::{Field, DECIMAL_NAME};

    fn round_trip(schema: &Schema, v: &Value) -> Value {
        let mut out = Vec::new();
        write_value(schema, v, &mut out).unwrap();
        read_value(schema, &out).unwrap()
    }

    #[test]
    fn values_round_trip() {
        let mut s = Schema::new(SchemaType::Struct);
        let mut opt = Schema::new(SchemaType::String);
        opt.optional = true;
        let mut dec = Schema::new(SchemaType::Bytes);
        dec.name = Some(DECIMAL_NAME.into());
        dec.parameters = Some(vec![("scale".into(), "2".into())]);
        dec.resolve_logical();
        let mut arr = Schema::new(SchemaType::Array);
        arr.value_schema = Some(Arc::new(Schema::new(SchemaType::Int64)));
        s.fields = vec![
            Field {
                name: "a".into(),
                schema: Arc::new(Schema::new(SchemaType::Int32)),
            },
            Field {
                name: "b".into(),
                schema: Arc::new(opt),
            },
            Field {
                name: "c".into(),
                schema: Arc::new(dec),
            },
            Field {
                name: "d".into(),
                schema: Arc::new(arr),
            },
        ];
        let v = Value::Struct(vec![
            Value::Int(-5),
            Value::Null,
            Value::Decimal(DecimalValue {
                negative: true,
                digits: "12345".into(),
                scale: 2,
            }),
            Value::Array(vec![Value::Int(i64::MIN), Value::Int(7)]),
        ]);
        assert_eq!(round_trip(&s, &v), v);
    }

    #[test]
    fn hostile_bytes_are_errors() {
        let s = Schema::new(SchemaType::String);
        assert!(read_value(&s, &[0x80]).is_err());
        assert!(read_value(&s, &[0x06, b'a']).is_err());
        assert!(read_value(&s, &[0xff; 12]).is_err());
        assert!(read_value(&s, &[0x01]).is_err());
        let mut arr = Schema::new(SchemaType::Array);
        arr.value_schema = Some(Arc::new(Schema::new(SchemaType::Int32)));
        assert!(read_value(&arr, &[0xfe, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }
}
