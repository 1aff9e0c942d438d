// Symbol.for gives every copy of this package the same key, so the guards also recognise an error made by another copy
// (two versions in one bundle, a realm boundary), where `instanceof` would say no.
const BRAND = Symbol.for('kratos-settings-flow-contract.error');

/**
 * The base of every error the client returns or throws. `name` says which one it is.
 * @example if (isKratosClientError(error)) console.log(error.name, error.url, error.status)
 */
export class KratosClientError extends Error {
	/** Marks errors of this package, in any copy of it. */
	readonly [BRAND] = true;

	constructor(
		message: string,
		/** The URL of the request, once there is one. */
		readonly url?: string,
		/** The HTTP status, when an answer came. */
		readonly status?: number,
		cause?: unknown,
	) {
		super(message, {cause});
	}

	/** What `JSON.stringify` gives, e.g. when a result is logged: name, message, url, status and the subclass's own fields, never `cause`. */
	toJSON(): object {
		return {...this, message: this.message};
	}
}

/** Whether `error` is a KratosClientError, from this copy of the package or another. */
export const isKratosClientError = (error: unknown): error is KratosClientError =>
	(error as {[BRAND]?: unknown} | null)?.[BRAND] === true;

/** A guard for one subclass, by its `name`, so it works across copies too. */
export const guard =
	<T extends KratosClientError>(name: T['name']) =>
	(error: unknown): error is T =>
		isKratosClientError(error) && error.name === name;
