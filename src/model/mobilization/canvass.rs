//! A throwaway kind.
use super::super::World;
use crate::scenario::Canvass;

pub(super) fn hold_event(_w: &mut World, _c: &Canvass, _organizers: &[u32]) {}
