/** One way a body breaks the schema, located by JSON Pointer. */
export interface ValidationIssue {
	/** JSON Pointer into the body, `''` for the root. @example '/ui/nodes/3/attributes/node_type' */
	readonly path: string;
	/** The JSON Schema keyword that failed. @example 'enum' */
	readonly keyword: string;
	/** What is wrong, in words. @example 'must be equal to one of the allowed values' */
	readonly message: string;
}

/** Checks a parsed 200 body; returns no issues when it conforms. `@…/validate` exports a precompiled one. */
export type SettingsFlowValidator = (body: unknown) => readonly ValidationIssue[];
