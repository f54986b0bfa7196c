//! A throwaway kind.
use super::super::World;
use crate::scenario::GiftCircle;

pub(super) fn give(_w: &mut World, _g: &GiftCircle) {}
