// Kept so billing-cycle's `import { AutomaticCharges } from '../collection/automatic-charges'`
// resolves until it imports from '../collection' (the context's index) like everyone else.
export { AutomaticCharges } from './use-cases/enqueue-automatic-charges';
