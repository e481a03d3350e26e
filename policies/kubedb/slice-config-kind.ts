// The KubeSlice SliceConfig (schemas/controller.kubeslice.io/), as its rules and policy name it, and as a
// PlacementPolicy looks it up.
import type { KindRef } from '../rule.js';

export const SLICE_CONFIG: KindRef = { group: 'controller.kubeslice.io', kind: 'SliceConfig' };
