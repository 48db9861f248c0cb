/**
 * The commented configuration Hermod writes on first start when HERMOD_CONFIG does not exist.
 * Kept byte-for-byte equal to fixtures/default.conf (a test checks it): the fixture is what tests and
 * the console's examples read, this constant is what ships in the bundle.
 */

const DEFAULT_CONFIG_TEXT = `# Hermod configuration (PowerMTA syntax).
#
# Hermod wrote this file because none existed at the path in HERMOD_CONFIG. Edit it here or in the
# console; every line follows PowerMTA's configuration language, so existing PowerMTA settings can be
# pasted in. Directives Hermod does not act on yet are accepted with a warning.
#
# Syntax: one "directive value" per line; blocks are <tag argument> ... </tag>; "#" starts a comment.
# Times: 30s, 10m, 1h, 4d12h (a bare number is seconds). Sizes: 50k, 25M, 1g (a bare number is bytes).

# Where Hermod accepts mail over SMTP. Repeat the line for more listeners; IPv6 is written [::1]:2525.
# Default when no listener is given: 127.0.0.1:2525.
smtp-listener 127.0.0.1:2525

# Name used in the SMTP greeting, in EHLO and in bounce reports (default: this machine's name).
#host-name mta.example.com

# Address shown in bounce reports (default: postmaster@<host-name>).
#postmaster postmaster@example.com

# Who may send mail through Hermod. Settings are merged from the least to the most specific address
# range. Without any rule only 127.0.0.1 and ::1 may relay.
<source 127.0.0.1>
    always-allow-relaying yes       # local applications may send to any domain
</source>

<source 0/0>                        # everybody else
    always-allow-relaying no
    max-message-size 50M            # larger messages are refused (default 50M)
    max-rcpt-per-message 1000       # default 1000
    max-message-hops 100            # more Received: headers than this is a mail loop (default 100)
    smtp-service yes                # "no" refuses the connection at the greeting
</source>

# Delivery settings for every destination domain. A more specific <domain> block (example.com,
# *.example.com for subdomains only, [*.]example.com for the domain and its subdomains) overrides
# these, whatever its position in the file.
<domain *>
    max-smtp-out 20                 # simultaneous connections per domain (default 20)
    max-msg-per-connection 0        # messages per connection, 0 = unlimited (default 0)
    max-rcpt-per-transaction 1000   # recipients per SMTP transaction (default 1000)
    retry-after 10m                 # wait before retrying a deferred message; a list such as
                                    # 10m,30m,1h repeats its last entry (default 10m)
    bounce-after 4d12h              # give up and bounce after this long (default 4d12h)
    use-starttls yes                # encrypt when the receiving server offers STARTTLS (default yes)
    default-smtp-port 25            # port for MX and A routes (default 25)
</domain>

# A static route: everything for one domain goes to a fixed server instead of its MX. Commas
# separate equal servers, semicolons separate fallbacks: "a, b; c". This one sends example.test (a
# name reserved for testing, RFC 2606) to a local sink on port 2600, so a first message can be
# followed end to end (see the README). Remove it in production.
<domain example.test>
    smtp-hosts [127.0.0.1]:2600
</domain>

# Accounting: one CSV line per delivery (d), bounce (b) and deferral (t). A relative path is relative
# to this file's directory.
<acct-file acct.csv>
    records d,b,t
</acct-file>
`;

/** The default config file's text. It compiles with zero diagnostics. */
export function defaultConfigText(): string {
  return DEFAULT_CONFIG_TEXT;
}
