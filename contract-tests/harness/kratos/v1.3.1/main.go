// Command kratos is a thin wrapper that builds the real Ory Kratos v1.3.1 server from the Go module proxy.
// It exists only so the contract tests can run against a genuine Kratos; see build.ts.
package main

import (
	"os"

	"github.com/ory/kratos/cmd"
)

func main() {
	os.Exit(cmd.Execute())
}
