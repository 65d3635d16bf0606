# Sourced by every container entrypoint (db, migrate, app, backup): the one place that
# says what a password of .env must be and how it goes into a connection URL. POSIX sh,
# for the official PostgreSQL image's shell as well as Debian's.

# Stops the container, naming the variable, when $1's value is empty, shorter than 12
# characters, or a placeholder left from an example (change-me…, password, secret…).
require_secret() {
    _name=$1
    eval "_value=\${$_name-}"
    if [ -z "$_value" ]; then
        echo "safegrid: $_name is empty; set it in .env (see .env.example)" >&2
        exit 78
    fi
    _lower=$(printf '%s' "$_value" | tr '[:upper:]' '[:lower:]')
    case $_lower in
        *change-me* | *changeme* | *change_me* | *replace-me* | *placeholder* | *example* | \
        password | password[0-9]* | secret | secret[0-9]* | postgres | 123456*)
            echo "safegrid: $_name is a placeholder; choose a real password in .env" >&2
            exit 78
            ;;
    esac
    if [ "${#_value}" -lt 12 ]; then
        echo "safegrid: $_name is shorter than 12 characters; choose a longer password" >&2
        exit 78
    fi
    unset _name _value _lower
}

# Prints $1 percent-encoded for the user or password part of a URL: everything but
# the unreserved characters (RFC 3986: letters, digits, - . _ ~), byte by byte, so
# '@', ':', '/', '%' and non-ASCII passwords all survive.
url_escape() {
    printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' '\n\n' | awk '
        BEGIN { for (i = 0; i < 256; i++) hex[sprintf("%02x", i)] = i }
        NF == 0 { next }
        {
            c = hex[$1]
            if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
                c == 45 || c == 46 || c == 95 || c == 126)
                printf "%c", c
            else
                printf "%%%s", toupper($1)
        }'
}

# Prints postgresql://USER:PASSWORD@HOST:PORT/DATABASE with the password escaped.
postgres_url() {
    printf 'postgresql://%s:%s@%s:%s/%s' "$(url_escape "$1")" "$(url_escape "$2")" "$3" "$4" "$5"
}
