// Bodies shaped like a real Kratos's, for tests that need a conforming answer without a server behind it.
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import type {SettingsFlow} from '../../src/index.js';
import {SPEC_FILE} from '../../spec/index.js';

const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as {components: {examples: Record<string, {value: unknown}>}};

/** A spec example's value, deep-copied so a test may break it. */
export function example<T = unknown>(name: string): T {
	const found = spec.components.examples[name];
	if (!found) throw new Error(`no example ${name} in the spec`);
	return structuredClone(found.value) as T;
}

export const flowExample = () => example<SettingsFlow>('settingsFlow');
