/** contract-tests/ from the bottom up, as docs/architecture.md draws it: a folder may take values from its own layer and those below only. */
export const LAYERS = ['base', 'operations', 'checks', 'harness', 'targets', 'record', 'runner', 'report', 'cli'] as const;
