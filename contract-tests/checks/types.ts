// The check contract and the run's model, where checks have always found them: contract-tests/model.ts.
export type {Check, CheckContext, Exchange, Expectation, Severity, Violation} from '../model.js';
