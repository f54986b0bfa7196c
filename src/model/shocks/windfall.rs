//! A throwaway kind.
use super::super::World;
use crate::scenario::Windfall;

pub(super) fn strike(_w: &mut World, _g: &Windfall) {}
