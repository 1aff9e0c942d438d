// Code blocks of the README, for the tests that type-check and run them.

/** The code of the README's ```ts block that follows a heading or marker. */
export function readmeExample(readme: string, marker: string): {imports: string[]; body: string[]} {
	const at = readme.indexOf(marker);
	if (at < 0) throw new Error(`README: no ${marker}`);
	const start = readme.indexOf('```ts\n', at) + '```ts\n'.length;
	const code = readme.slice(start, readme.indexOf('```\n', start)).trimEnd();
	return {imports: code.split('\n').filter((line) => line.startsWith('import ')), body: code.split('\n').filter((line) => !line.startsWith('import '))};
}
