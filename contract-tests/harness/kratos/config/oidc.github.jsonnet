// Maps a GitHub account to this project's identity schema (contract tests only: no sign-in ever completes).
local claims = std.extVar('claims');
{
  identity: {
    traits: {
      email: claims.email,
    },
  },
}
