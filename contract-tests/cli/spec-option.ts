// --spec: the OpenAPI document to judge by, checked before any request: readable, valid, documenting at least one
// operation of the suite, each of its response schemas compilable. Else a UsageError naming the file.
import {access, constants} from 'node:fs/promises';
import {resolve} from 'node:path';
import {type Contract, SPEC_FILE, loadContract} from '../../spec/index.js';
import {UsageError} from '../base/errors.js';
import {operations} from '../operations/index.js';

/** The spec to judge by: the bundled one, or the user's --spec, which must be usable for at least one operation. */
export async function specFor(file: string | undefined, cwd: string): Promise<Contract> {
	if (file === undefined) return loadContract(SPEC_FILE);
	const path = resolve(cwd, file);
	try {
		await access(path, constants.R_OK);
	} catch {
		throw new UsageError(`--spec ${file}: no readable file at ${path}`);
	}
	let contract: Contract;
	try {
		contract = await loadContract(path);
	} catch (error) {
		const lines = String((error as Error).message).split('\n');
		const message = lines.slice(0, 6).join('\n') + (lines.length > 6 ? `\n… (${lines.length - 6} more lines)` : '');
		throw new UsageError(`--spec ${file} is not a valid OpenAPI document: ${message}`);
	}
	const documented = operations.filter((operation) => contract.documents(operation.method, operation.path));
	if (!documented.length) {
		throw new UsageError(`--spec ${file} documents none of the operations the suite tests (${operations.map((operation) => `${operation.method} ${operation.path}`).join(', ')})`);
	}
	// Every response schema the suite may judge by, compiled now: a schema ajv cannot read is the document's problem.
	for (const operation of documented) {
		const documentedOperation = contract.operation(operation.method, operation.path);
		for (const key of documentedOperation.responseKeys) {
			const response = documentedOperation.responseFor(key === 'default' ? 599 : Number(key));
			if (!response) continue;
			try {
				documentedOperation.validatorFor(response, 'conformance');
				documentedOperation.validatorFor(response, 'drift');
			} catch (error) {
				throw new UsageError(`--spec ${file}: the schema of ${documentedOperation.label} → ${key} cannot be used: ${(error as Error).message}`);
			}
		}
	}
	return contract;
}
