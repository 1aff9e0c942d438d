// Command kratos is a thin wrapper that builds the real Ory Kratos v1.0.0 server from the Go module proxy.
// It exists only so the contract tests can run against a genuine Kratos of another version; see build.ts.
//
// v1.0.0 differs from v1.3.1 in two ways that matter here: the database driver must be registered before the
// commands run (Kratos's own main does it; without it `serve` finds no driver for the DSN), and cmd.Execute
// returns nothing (it exits with 1 itself on an error).
package main

import (
	"github.com/ory/x/dbal"

	"github.com/ory/kratos/cmd"
	"github.com/ory/kratos/driver"
)

func main() {
	dbal.RegisterDriver(func() dbal.Driver { return driver.NewRegistryDefault() })
	cmd.Execute()
}
