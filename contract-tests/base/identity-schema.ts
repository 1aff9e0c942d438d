// What an identity schema says about an identity's traits, for the local Kratos's provisioning and the live target
// alike: which trait is the login identifier of its password.

/** The value of the first trait an identity schema marks as a password identifier (`ory.sh/kratos` credentials). */
export function passwordIdentifier(schema: unknown, traits: unknown): string | undefined {
	const walk = (node: Record<string, any> | undefined, value: unknown): string | undefined => {
		if (!node || typeof node !== 'object') return undefined;
		if (node['ory.sh/kratos']?.credentials?.password?.identifier === true && typeof value === 'string') return value;
		for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, any>)) {
			const found = walk(child, (value as Record<string, unknown> | undefined)?.[key]);
			if (found !== undefined) return found;
		}
		return undefined;
	};
	return walk((schema as Record<string, any> | undefined)?.properties?.traits, traits);
}
