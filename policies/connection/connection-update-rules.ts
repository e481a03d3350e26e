// What an UPDATE of a Connection cannot change: once set, the name of the Secret it publishes
// (`webhook:"inmutableinit"` in the operator): applications mount it by that name.
import { inmutableInit, taggedImmutableRule } from '../operator-immutable-fields.js';
import { CONNECTION } from './connection-kind.js';

export const immutable = taggedImmutableRule({
  id: 'connection/immutable-field',
  kinds: [CONNECTION],
  what: 'An UPDATE that changes spec.secretName once it is set.',
  why: "The operator's Connection webhook refuses it: applications mount the Secret by that name.",
  fix: 'Put the old name back, or create a new Connection with the new secretName and move applications to it.',
  fields: [inmutableInit('spec.secretName', 'create a new Connection with the new spec.secretName and move applications to its Secret')],
});
