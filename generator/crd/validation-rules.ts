// The CEL rules the chart READMEs list: the kinds' own reading of them (kinds/cel-rules.ts), shared with
// `mdbkit rules` and docs/rules.md, which say per policy rule whether the CRD twins it.
export { celTwinsByRule, specValidationRules, type ValidationRule } from '../../kinds/cel-rules.js';
