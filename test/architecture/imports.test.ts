// The import graph of what ships (src/, spec/, contract-tests/): no cycle, type imports included (what `madge
// --circular` reports), and no value taken from a layer above. The layers, lowest first, are docs/architecture.md's.
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';
import {expect, test} from 'vitest';
import {LAYERS} from './layers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));


interface Edge {
	readonly from: string;
	readonly to: string;
	readonly typeOnly: boolean;
}

function sourcesIn(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return sourcesIn(path);
		return /\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [path] : [];
	});
}

/** Every relative import and re-export of the shipped code, with whether it brings types only. */
function edges(): Edge[] {
	const files = ['src', 'spec', 'contract-tests'].flatMap((folder) => sourcesIn(join(ROOT, folder)));
	return files.flatMap((file) => {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
		return source.statements.flatMap((statement): Edge[] => {
			if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) return [];
			const specifier = statement.moduleSpecifier.text;
			if (!specifier.startsWith('.')) return [];
			const typeOnly = ts.isImportDeclaration(statement)
				? Boolean(statement.importClause?.isTypeOnly) ||
					Boolean(statement.importClause && !statement.importClause.name && statement.importClause.namedBindings && ts.isNamedImports(statement.importClause.namedBindings) && statement.importClause.namedBindings.elements.every((element) => element.isTypeOnly))
				: statement.isTypeOnly;
			return [{from: relative(ROOT, file), to: relative(ROOT, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))), typeOnly}];
		});
	});
}

/** Every cycle, each as the files around it. */
function cycles(all: readonly Edge[]): string[] {
	const next = new Map<string, string[]>();
	for (const {from, to} of all) next.set(from, [...(next.get(from) ?? []), to]);
	const found: string[] = [];
	const done = new Set<string>();
	const path: string[] = [];
	const visit = (file: string) => {
		if (path.includes(file)) {
			found.push([...path.slice(path.indexOf(file)), file].join(' → '));
			return;
		}
		if (done.has(file)) return;
		path.push(file);
		for (const to of next.get(file) ?? []) visit(to);
		path.pop();
		done.add(file);
	};
	for (const file of next.keys()) visit(file);
	return found;
}

const layerOf = (file: string): number | undefined => {
	const match = /^contract-tests\/([^/]+)\//.exec(file);
	return match ? (LAYERS as readonly string[]).indexOf(match[1]!) : undefined;
};

test('no import cycle in src, spec or contract-tests, type imports included', () => {
	expect(cycles(edges())).toEqual([]);
});

test("every file of contract-tests is in a layer of docs/architecture.md's", () => {
	const loose = sourcesIn(join(ROOT, 'contract-tests')).map((file) => relative(ROOT, file)).filter((file) => layerOf(file) === undefined || layerOf(file) === -1);
	expect(loose).toEqual([]);
});

test('no value is taken from a layer above: contract-tests bottom up, and the client and spec take nothing of the suite', () => {
	const upward = edges()
		.filter((edge) => !edge.typeOnly)
		.filter((edge) => {
			if (edge.from.startsWith('src/')) return !edge.to.startsWith('src/') && !edge.to.startsWith('generated/');
			if (edge.from.startsWith('spec/')) return !edge.to.startsWith('spec/') && !edge.to.startsWith('generated/');
			const [from, to] = [layerOf(edge.from), layerOf(edge.to)];
			return from !== undefined && to !== undefined && to > from;
		})
		.map((edge) => `${edge.from} → ${edge.to}`);
	expect(upward).toEqual([]);
});

test('the cycle finder finds one (a graph that has one)', () => {
	expect(cycles([{from: 'a', to: 'b', typeOnly: true}, {from: 'b', to: 'a', typeOnly: false}])).toEqual(['a → b → a']);
});
