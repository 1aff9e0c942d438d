// The command's --help: every flag, variable and exit status (docs/command.md shows it whole).
import {PACKAGE_NAME} from '../../spec/package.js';

export const HELP = `Usage: ${PACKAGE_NAME} live [options]
       ${PACKAGE_NAME} diff BEFORE AFTER [--format console|markdown|junit] [--strict]

Runs the contract suite of Ory Kratos's settings flow (get, create and update, and the logins its
interruptions call for) against your Kratos's public API, e.g. staging: prints a table of case × check,
writes a JUnit and an HTML report.

Options (a flag wins over its variable):
  --url URL               KRATOS_PUBLIC_URL            the public API, path prefix included (required)
  --settings-flow-id ID   KRATOS_SETTINGS_FLOW_ID      a settings flow of the session to use instead of creating one
  --expired-flow-id ID    KRATOS_EXPIRED_FLOW_ID       an expired flow of the session's identity: enables expired_flow
  --aal1-flow-id ID       KRATOS_AAL1_FLOW_ID          a flow of the AAL1 session's identity: enables aal2_required
  --allow-writes          KRATOS_ALLOW_WRITES=1        run the update cases that change nothing or put it back
  --test-identity-id ID   KRATOS_TEST_IDENTITY_ID      the dedicated test identity (the session's) writes may touch
  --advertised-url URL    KRATOS_ADVERTISED_URL        Kratos's serve.public.base_url, if you reach it by another URL
  --allow-insecure-http   KRATOS_ALLOW_INSECURE_HTTP=1 plain http:// to a host that is not loopback
  --privileged-session-max-age DURATION
                          KRATOS_PRIVILEGED_SESSION_MAX_AGE  Kratos's privileged_session_max_age (unset:
                                                       either password refusal is accepted)
  --timeout MS            KRATOS_TIMEOUT_MS            per request, default 10000
  --report-dir DIR        CONTRACT_REPORT_DIR          where contract-live.xml and .html go, default ./reports
  --spec FILE                                          judge by your OpenAPI document (3.0 or 3.1) instead
  --strict                                             warnings (drift of a newer Kratos) fail the run too
  --record FILE                                        write a record of the run (what each case got, no values)
  --baseline FILE                                      compare the run's record with FILE, a record (see diff)
  --help, --version

Secrets come from the environment only (a command line shows in ps and in shell history):
  KRATOS_SESSION_TOKEN        a session token (or KRATOS_COOKIE alone): required
  KRATOS_COOKIE               a Cookie header with the same identity's session: enables the cookie cases
  KRATOS_OTHER_SESSION_TOKEN  another identity's session: enables other_identity
  KRATOS_AAL1_SESSION_TOKEN   an AAL1 session of an identity with a second factor: enables the AAL2 cases
  KRATOS_TEST_PASSWORD        the session identity's password: enables the refresh login with it
  KRATOS_AAL1_TOTP_SECRET     the TOTP secret of the AAL1 session's identity: enables the step-up with the
                              right code (with --allow-writes only: it raises that session to AAL2 for good,
                              so the next run needs a fresh AAL1 session; the start refuses an AAL2 one)

It sends GET /sessions/whoami, GET /self-service/settings/{api,browser,flows}, OPTIONS
/self-service/settings/flows (a CORS preflight from a foreign origin, no credential), GET
/self-service/login/{api,browser} and POST /self-service/login (a refresh flow of the session with a
wrong password and with KRATOS_TEST_PASSWORD, which moves the session's authenticated_at; a second-factor
flow of the AAL1 session with a wrong code) and, only with --allow-writes, GET of the identity schema
(whoami's schema_url) and POST /self-service/settings; never follows a redirect; never writes a secret
anywhere.

What --allow-writes changes, on the test identity only: one profile trait that is no login identifier
and no address (a string the schema leaves unconstrained, such as a name), set to contract-<random>,
read back through the flow and whoami, then put back; a put-back that fails fails the run and says
what to restore by hand. Every other update it sends is the profile unchanged from a browser flow
(only the identity's updated_at moves) or one Kratos refuses, changing nothing: an invalid trait, a
5-character password (refused for its length, or for the session's age when the session logged in
longer ago than privileged_session_max_age), no session, no CSRF token, another identity's session,
an AAL1 session, an unknown or expired flow. When the session logged in longer ago than
privileged_session_max_age, the 5-character password is tried again after each refresh login: refused
after a wrong password, and after KRATOS_TEST_PASSWORD the password is changed to a random one and put
back to KRATOS_TEST_PASSWORD at once (a put-back that fails fails the run and says what to restore).
It never changes a second factor or lookup codes.

diff compares two records, case by case: statuses, error ids, headers, cookies, JSON paths and their
types, enum values, message ids, ui nodes. What is new is an addition (drift, which clients tolerate);
what is gone or changed is a break. --format markdown for a pull request comment, junit for CI. A record
holds no secret, trait, id or timestamp: safe to commit. With --baseline and no --record, the record goes
to the report folder as contract-live.record.json, the diff beside it as contract-live.diff.md and .xml.

Exit status:
  0  every check that ran passed (warnings allowed, unless --strict)
  1  the server broke the contract, failed, or could not be reached (with --strict: or drifted)
  2  a usage error, on stderr, naming the flag or variable, and no report: a missing token or cookie, plain
     http off loopback without the opt-in, an unknown flag, a URL that does not answer like Kratos's public
     API, a token that is not a session, a flow id the server does not know or that is not in the state its
     variable promises, a KRATOS_TEST_IDENTITY_ID that is not the session's identity, an unusable --spec,
     a --record or --report-dir that cannot be written
  130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: "Interrupted", the summary of what ran, and reports
     that say the run was interrupted (no record); a write in flight puts its change back first, and a
     second signal stops at once
  diff: 0 nothing changed or additions only, 1 a break (with --strict: or an addition), 2 a record that
     is missing, unreadable, not a record or of another format version, named. live --baseline exits 1
     when the run or the diff does, 2 before any request for an unusable baseline.

Only the live target ships. In a clone of the repository, \`npm run contract\` runs the suite against a
Prism mock of the spec and \`npm run contract:kratos\` against a real Kratos it builds and starts.
`;
