//! The short ids procedures repeat, such as facet and value ids, stored once
//! per load and shared.
//!
//! In a large catalog every procedure names the same few hundred facet
//! values: ICD-10-PCS's 68,367 procedures name 1,265 values 410,202 times.
//! As a map of owned strings, a procedure's facets took about 600 bytes of
//! memory in the browser, most of the decoded catalog's size beyond its
//! text; as shared ids in two short lists they take about 130. The strings
//! are shared while a [`Pool`] is in use, which [`crate::catalog::load`]
//! sets for each load; outside one, each id is its own copy.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Ids longer than this are not shared: real ids are short, and a hostile
/// file full of long distinct ones should not fill the pool.
const LONGEST_SHARED: usize = 128;

/// At most this many distinct ids are shared per load; later ones are copies.
const MOST_SHARED: usize = 1 << 16;

thread_local! {
    static POOL: RefCell<Option<HashSet<Arc<str>>>> = const { RefCell::new(None) };
}

/// The ids seen during one load, shared between the procedures that name
/// them.
#[derive(Default)]
pub struct Pool(HashSet<Arc<str>>);

impl Pool {
    /// An empty pool.
    pub fn new() -> Self {
        Pool::default()
    }

    /// Runs `f` with this pool in use for every [`Id`] decoded meanwhile.
    pub fn scope<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let outer = POOL.with(|p| p.replace(Some(std::mem::take(&mut self.0))));
        // Put the pool back even if `f` unwinds.
        struct Restore<'a>(&'a mut HashSet<Arc<str>>, Option<HashSet<Arc<str>>>);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                let used = POOL.with(|p| p.replace(self.1.take()));
                *self.0 = used.unwrap_or_default();
            }
        }
        let _restore = Restore(&mut self.0, outer);
        f()
    }
}

/// A short id shared between the procedures that name it; reads as a `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Arc<str>);

impl Id {
    /// `text` as an id, shared with earlier equal ones while a [`Pool`] is
    /// in use.
    pub fn new(text: &str) -> Self {
        if text.len() > LONGEST_SHARED {
            return Id(Arc::from(text));
        }
        POOL.with(|pool| match &mut *pool.borrow_mut() {
            Some(pool) => {
                if let Some(shared) = pool.get(text) {
                    return Id(Arc::clone(shared));
                }
                let id: Arc<str> = Arc::from(text);
                if pool.len() < MOST_SHARED {
                    pool.insert(Arc::clone(&id));
                }
                Id(id)
            }
            None => Id(Arc::from(text)),
        })
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Id::new(text)
    }
}

impl From<String> for Id {
    fn from(text: String) -> Self {
        Id::new(&text)
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        *self == *other.0
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Id, E> {
                Ok(Id::new(text))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// A procedure's facets: facet id to the ids of its values, facets in id
/// order and values as written. Reads and writes as a JSON object of lists.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProcedureFacets {
    /// Each facet with the end of its values in `values`.
    facets: Box<[(Id, u32)]>,
    values: Box<[Id]>,
}

impl ProcedureFacets {
    /// True when no facet is listed.
    pub fn is_empty(&self) -> bool {
        self.facets.is_empty()
    }

    /// Number of facets listed.
    pub fn len(&self) -> usize {
        self.facets.len()
    }

    /// The values listed for `facet`, if it is listed.
    pub fn get(&self, facet: &str) -> Option<&[Id]> {
        let i = self
            .facets
            .binary_search_by(|(id, _)| id.as_str().cmp(facet))
            .ok()?;
        Some(self.values_of(i))
    }

    /// The values of the `i`th facet listed.
    fn values_of(&self, i: usize) -> &[Id] {
        let start = i.checked_sub(1).map_or(0, |j| self.facets[j].1);
        &self.values[start as usize..self.facets[i].1 as usize]
    }

    /// Each facet listed, in id order, with its values.
    pub fn iter(&self) -> FacetsIter<'_> {
        FacetsIter {
            facets: self,
            next: 0,
        }
    }
}

/// The facets of a [`ProcedureFacets`] with their values, in id order.
pub struct FacetsIter<'a> {
    facets: &'a ProcedureFacets,
    next: usize,
}

impl<'a> Iterator for FacetsIter<'a> {
    type Item = (&'a Id, &'a [Id]);

    fn next(&mut self) -> Option<Self::Item> {
        let all = self.facets;
        let (id, _) = all.facets.get(self.next)?;
        let values = all.values_of(self.next);
        self.next += 1;
        Some((id, values))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.facets.facets.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for FacetsIter<'_> {}

impl<'a> IntoIterator for &'a ProcedureFacets {
    type Item = (&'a Id, &'a [Id]);
    type IntoIter = FacetsIter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<F: Into<Id>, V: Into<Id>, L: IntoIterator<Item = V>> FromIterator<(F, L)> for ProcedureFacets {
    /// Facets from (facet, values) pairs; a facet named twice keeps its
    /// last values, as a JSON object's repeated key does.
    fn from_iter<I: IntoIterator<Item = (F, L)>>(pairs: I) -> Self {
        let map: BTreeMap<Id, Vec<Id>> = pairs
            .into_iter()
            .map(|(facet, values)| (facet.into(), values.into_iter().map(Into::into).collect()))
            .collect();
        let mut facets = Vec::with_capacity(map.len());
        let mut values = Vec::with_capacity(map.values().map(Vec::len).sum());
        for (facet, listed) in map {
            values.extend(listed);
            let end = u32::try_from(values.len()).expect("fewer than 4 billion facet values");
            facets.push((facet, end));
        }
        ProcedureFacets {
            facets: facets.into_boxed_slice(),
            values: values.into_boxed_slice(),
        }
    }
}

impl From<BTreeMap<String, Vec<String>>> for ProcedureFacets {
    fn from(map: BTreeMap<String, Vec<String>>) -> Self {
        map.into_iter().collect()
    }
}

impl fmt::Debug for ProcedureFacets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for ProcedureFacets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (facet, values) in self {
            map.serialize_entry(facet, values)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ProcedureFacets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Facets;
        impl<'de> Visitor<'de> for Facets {
            type Value = ProcedureFacets;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProcedureFacets, A::Error> {
                let mut pairs: Vec<(Id, Vec<Id>)> = Vec::new();
                while let Some(facet) = map.next_key::<Id>()? {
                    let values = map.next_value::<Vec<Id>>()?;
                    pairs.push((facet, values));
                }
                Ok(pairs.into_iter().collect())
            }
        }
        deserializer.deserialize_map(Facets)
    }
}

/// The schema of the JSON it reads: an object of lists of strings.
impl JsonSchema for ProcedureFacets {
    fn inline_schema() -> bool {
        <BTreeMap<String, Vec<String>>>::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, Vec<String>>>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, Vec<String>>>::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <BTreeMap<String, Vec<String>>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_shared_within_a_pool_only() {
        let mut pool = Pool::new();
        let (a, b) = pool.scope(|| (Id::new("lumbar"), Id::new("lumbar")));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        let c = pool.scope(|| Id::new("lumbar"));
        assert!(
            Arc::ptr_eq(&a.0, &c.0),
            "a pool keeps its ids between scopes"
        );
        let d = Id::new("lumbar");
        assert!(!Arc::ptr_eq(&a.0, &d.0), "outside a pool each id is a copy");
        let long = "x".repeat(LONGEST_SHARED + 1);
        let (e, f) = pool.scope(|| (Id::new(&long), Id::new(&long)));
        assert!(!Arc::ptr_eq(&e.0, &f.0));
        assert_eq!(e, f);
    }

    #[test]
    fn facets_read_and_write_as_an_object_of_lists() {
        let text = r#"{"region":["thoracic","lumbar"],"indication":["tumor"],"empty":[]}"#;
        let facets: ProcedureFacets = serde_json::from_str(text).unwrap();
        assert_eq!(facets.len(), 3);
        assert_eq!(facets.get("region").unwrap(), ["thoracic", "lumbar"]);
        assert_eq!(facets.get("indication").unwrap(), ["tumor"]);
        assert_eq!(facets.get("empty").unwrap(), [] as [&str; 0]);
        assert_eq!(facets.get("approach"), None);
        // Keys come out in order, values as written, as from a sorted map.
        assert_eq!(
            serde_json::to_string(&facets).unwrap(),
            r#"{"empty":[],"indication":["tumor"],"region":["thoracic","lumbar"]}"#
        );
        let map: BTreeMap<String, Vec<String>> = serde_json::from_str(text).unwrap();
        assert_eq!(ProcedureFacets::from(map), facets);
    }

    #[test]
    fn a_repeated_facet_keeps_its_last_values() {
        let facets: ProcedureFacets =
            serde_json::from_str(r#"{"region":["thoracic"],"region":["lumbar"]}"#).unwrap();
        assert_eq!(facets.get("region").unwrap(), ["lumbar"]);
    }

    #[test]
    fn type_errors_read_as_for_strings() {
        let error = |text: &str| {
            let a = serde_json::from_str::<ProcedureFacets>(text)
                .unwrap_err()
                .to_string();
            let b = serde_json::from_str::<BTreeMap<String, Vec<String>>>(text)
                .unwrap_err()
                .to_string();
            assert_eq!(a, b, "for {text}");
        };
        error(r#"{"region":[1]}"#);
        error(r#"{"region":"lumbar"}"#);
        error(r#"["lumbar"]"#);
        error(r#"{"region":[null]}"#);
    }
}
