#!/usr/bin/env python3
"""Hostile inputs for csat's input and receive functions (standard library only).

    hostile_gen.py OUTDIR [--seed N] [--text N] [--binary-rating N] [--binary-summary N]

Writes into OUTDIR:
  text_inputs.tsv   COPY text rows: id, kind, typmod, input.  kind is
                    'rating' (satisfaction_rating_in), 'summary'
                    (rating_summary_in), 'typmod' (typmod_in, input = the
                    modifier list joined by '|'), 'cast' and 'cast2' (the
                    integer and smallint assignment casts, input = a number)
                    or 'coerce' (the length coercion cast, input = a valid
                    rating).  typmod is a scale's name ('n' for none, '1-5',
                    '0-10', '1-3') or 'raw:N', any integer N passed as the
                    typmod argument.  N inputs of each kind for rating and
                    summary: random strings and mutations of valid ones.
  bin/r_<id>.copy   PGCOPY binary files, one row of one field, for
                    satisfaction_rating_recv: all 65,536 two-byte values, then
                    random lengths and bytes (and a few broken framings)
  bin/s_<id>.copy   the same for rating_summary_recv: valid 116-byte forms
                    mutated field by field, random bytes, random lengths
  bin_manifest.tsv  COPY text rows: id, kind (rating|summary), typmod name,
                    framing (ok, null: a NULL field, broken: the COPY framing
                    itself is damaged), path, field hex (NULL unless ok)
Deterministic for a given seed.
"""
import os
import random
import re
import struct
import sys

INT64_MAX = 2**63 - 1
SCALES = [(lo, hi) for lo in range(0, 10) for hi in range(lo + 1, 11)]
TYPMODS = ['n', '1-5', '0-10', '1-3']


def copy_escape(s):
    return (s.replace('\\', '\\\\').replace('\n', '\\n').replace('\r', '\\r')
            .replace('\t', '\\t'))


def scale_text(lo, hi, rnd):
    sep = rnd.choice(['-', '..', '-', ' - ', '..'])
    return '%d%s%d' % (lo, sep, hi)


def valid_rating(rnd):
    lo, hi = rnd.choice(SCALES)
    v = rnd.randint(lo, hi)
    if lo == 1 and rnd.random() < 0.5:
        return '%d/%d' % (v, hi)
    s = '%d/%s' % (v, scale_text(lo, hi, rnd))
    if rnd.random() < 0.2:
        s = ' ' * rnd.randint(0, 2) + s.replace('/', rnd.choice(['/', ' / ', '/ '])) + ' ' * rnd.randint(0, 2)
    return s


def valid_summary(rnd):
    shape = rnd.random()
    u = rnd.choice([0, 0, 1, 4, 1000, INT64_MAX // 2, rnd.randint(0, 10**6)])
    if shape < 0.15:
        return '{v1 unanswered %d}' % u
    if shape < 0.3:
        a, b = sorted(rnd.sample(SCALES, 2), key=lambda sc: (sc[0] << 4) | sc[1])
        ans = rnd.randint(1, 10**6)
        sat = rnd.randint(0, ans)
        return '{v1 scales %d-%d,%d-%d answered %d satisfied %d unanswered %d}' % (a + b + (ans, sat, u))
    lo, hi = rnd.choice(SCALES)
    counts = [rnd.choice([0, 0, 1, 2, 7, 100, rnd.randint(0, 10**9)]) for _ in range(hi - lo + 1)]
    if sum(counts) == 0:
        counts[rnd.randrange(len(counts))] = 1
    if rnd.random() < 0.05:
        counts = [0] * len(counts)
        counts[rnd.randrange(len(counts))] = INT64_MAX - u
    s = '{v1 scale %d-%d counts %s unanswered %d' % (lo, hi, ','.join(map(str, counts)), u)
    if rnd.random() < 0.25:
        s += ' satisfied_from %d' % rnd.randint(lo, hi)
    return s + '}'


NUMBERS = ['0', '1', '-1', '+1', '-0', '00', '007', '10', '11', '15', '16', '255', '256', '65535', '65536',
           '2147483647', '2147483648', '-2147483648', '4294967296', '9223372036854775807',
           '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
           '18446744073709551615', '18446744073709551616', '99999999999999999999999999999999',
           '1e3', '0x10', '4.0', '4.', '.5', 'NaN', 'inf', '١', '４', '']
INTERESTING = list('0123456789/-. \t\n\r+,{}v_') + ['..', '//', '--', '\\', '\\0', '\x01', '\x7f', 'é', '€',
                                                    '𝟘', '\u00a0', '\u2212', '\ufeff', "'", '"', '%s', '%n']
WORDS = ['scale', 'scales', 'counts', 'unanswered', 'answered', 'satisfied', 'satisfied_from', 'v1', 'v2',
         'v0', '{', '}', ',', ' ', '  ', '\t', '\n', 'SCALE', 'Counts']


def mutate(s, rnd, words):
    for _ in range(rnd.choice([1, 1, 1, 2, 3, 5])):
        op = rnd.random()
        n = len(s)
        if op < 0.18 and n:                                 # delete a span
            i = rnd.randrange(n)
            s = s[:i] + s[i + rnd.randint(1, 4):]
        elif op < 0.36:                                     # insert something
            i = rnd.randint(0, n)
            s = s[:i] + rnd.choice(INTERESTING + words) + s[i:]
        elif op < 0.5 and n:                                # replace a char
            i = rnd.randrange(n)
            s = s[:i] + rnd.choice(INTERESTING) + s[i + 1:]
        elif op < 0.72:                                     # replace a number
            nums = list(re.finditer(r'\d+', s))
            if nums:
                m = rnd.choice(nums)
                s = s[:m.start()] + rnd.choice(NUMBERS + [str(rnd.randint(0, 12))]) + s[m.end():]
        elif op < 0.8 and n:                                # duplicate a span
            i = rnd.randrange(n)
            j = min(n, i + rnd.randint(1, 12))
            s = s[:j] + s[i:j] + s[j:]
        elif op < 0.86 and n:                               # truncate
            s = s[:rnd.randrange(n)]
        elif op < 0.92:                                     # splice with another valid input
            other = valid_rating(rnd) if words is RATING_WORDS else valid_summary(rnd)
            i = rnd.randint(0, n)
            j = rnd.randint(0, len(other))
            s = s[:i] + other[j:]
        elif op < 0.96 and n:                               # swap two tokens
            toks = s.split(' ')
            if len(toks) > 1:
                a, b = rnd.randrange(len(toks)), rnd.randrange(len(toks))
                toks[a], toks[b] = toks[b], toks[a]
                s = ' '.join(toks)
        else:                                               # change case
            s = s.upper() if rnd.random() < 0.5 else s.swapcase()
    return s


RATING_WORDS = ['/', '-', '..', ' ', '0-10', '1-5', '/10', '/0-', '9/0-10']


def random_string(rnd, alphabet, maxlen):
    return ''.join(rnd.choice(alphabet) for _ in range(rnd.randint(0, maxlen)))


def clean(s):
    # text columns hold no NUL and must be valid UTF-8 (no lone surrogates)
    s = s.replace('\x00', '')
    return s.encode('utf-8', 'replace').decode('utf-8') if any(0xd800 <= ord(c) <= 0xdfff for c in s) else s


def text_inputs(rnd, n):
    rows = []
    alph_r = '0123456789/-. +'
    alph_s = '0123456789{}v ,-scaleountdisfr_'
    for i in range(n):
        k = rnd.random()
        if k < 0.55:
            s = mutate(valid_rating(rnd), rnd, RATING_WORDS)
        elif k < 0.7:
            s = valid_rating(rnd) if rnd.random() < 0.7 else str(rnd.randint(-2, 12))
        elif k < 0.9:
            s = random_string(rnd, alph_r, 12)
        else:
            s = random_string(rnd, ''.join(INTERESTING), 20)
        rows.append(('rating', random_typmod(rnd), clean(s)))
    for i in range(n):
        k = rnd.random()
        if k < 0.65:
            s = mutate(valid_summary(rnd), rnd, WORDS)
        elif k < 0.75:
            s = valid_summary(rnd)
        elif k < 0.9:
            s = '{v1 ' + ' '.join(rnd.choice(WORDS + NUMBERS + ['1-5', '0-10', '3,4,5', ''])
                                  for _ in range(rnd.randint(0, 10))) + rnd.choice(['}', '', '}}', ' }'])
        else:
            s = random_string(rnd, alph_s + ''.join(INTERESTING), 60)
        rows.append(('summary', 'n', clean(s)))
    for i in range(max(1000, n // 50)):
        parts = [rnd.choice(NUMBERS + [str(rnd.randint(-1, 12))] * 6 + ['a', ' 5', '5 ', '1-5'])
                 for _ in range(rnd.choice([0, 1, 1, 2, 2, 2, 3]))]
        rows.append(('typmod', 'n', clean('|'.join(parts))))
    for i in range(max(1000, n // 20)):
        v = rnd.choice([rnd.randint(-2, 12)] * 8 + [-32768, 32767, 255, 256, 65536 + 5])
        kind = rnd.choice(['cast', 'cast2'])
        if kind == 'cast2' and not -32768 <= v <= 32767:
            v = rnd.randint(-2, 12)
        if kind == 'cast' and rnd.random() < 0.05:
            v = rnd.choice([2**31 - 1, -2**31, 2**16 + 5])
        rows.append((kind, random_typmod(rnd, 0.5), str(v)))
    for i in range(max(1000, n // 20)):
        lo, hi = rnd.choice(SCALES)
        rows.append(('coerce', random_typmod(rnd, 0.5), '%d/%d-%d' % (rnd.randint(lo, hi), lo, hi)))
    return rows


RAW_TYPMODS = [-2, -1, 0, 1, 5, 10, 11, 15, 16, 17, 21, 26, 85, 154, 155, 160, 255, 256, 277, 300,
               65536 + 21, 2**31 - 1, -2**31, 1 << 12 | 21, -21]


def random_typmod(rnd, raw=0.15):
    if rnd.random() < raw:
        n = rnd.choice(RAW_TYPMODS + [rnd.randint(-5, 300)] * 10)
        return 'raw:%d' % n
    return rnd.choice(TYPMODS)


HEADER = b'PGCOPY\n\xff\r\n\x00' + struct.pack('>ii', 0, 0)
TRAILER = struct.pack('>h', -1)


def copy_file(field, rnd, broken=False):
    body = struct.pack('>h', 1)
    if field is None:
        body += struct.pack('>i', -1)
    else:
        body += struct.pack('>i', len(field)) + field
    data = HEADER + body + TRAILER
    if broken:
        k = rnd.random()
        if k < 0.3:                                         # the field length lies
            data = HEADER + struct.pack('>hi', 1, rnd.choice([len(field) + 1, len(field) - 1, 2**31 - 1, -2, 0x10000])) + field + TRAILER
        elif k < 0.5:                                       # wrong field count
            data = HEADER + struct.pack('>h', rnd.choice([0, 2, -2, 32767])) + body[2:] + TRAILER
        elif k < 0.7:                                       # truncated anywhere
            data = data[:rnd.randrange(len(data))]
        elif k < 0.85:                                      # flipped header byte
            i = rnd.randrange(len(HEADER))
            data = data[:i] + bytes([data[i] ^ (1 << rnd.randrange(8))]) + data[i + 1:]
        else:                                               # garbage after the trailer
            data = data + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
    return data


def summary_fields(rnd):
    """A 116-byte binary summary: version, scale, scale2, satisfied_from, 11 counts, answered, satisfied, unanswered."""
    shape = rnd.random()
    counts = [0] * 11
    ans = sat = 0
    scale = scale2 = sf = 0
    u = rnd.choice([0, 1, 5, INT64_MAX, rnd.randint(0, 10**6)])
    if shape < 0.6:
        lo, hi = rnd.choice(SCALES)
        scale = (lo << 4) | hi
        for v in range(lo, hi + 1):
            counts[v] = rnd.choice([0, 1, 3, rnd.randint(0, 10**6)])
        if sum(counts) == 0:
            counts[hi] = 1
        ans = sum(counts)
        if rnd.random() < 0.3:
            sf = rnd.randint(lo, hi) + 1
        u = min(u, INT64_MAX - ans)
    elif shape < 0.85:
        a, b = sorted(rnd.sample(SCALES, 2), key=lambda sc: (sc[0] << 4) | sc[1])
        scale, scale2 = (a[0] << 4) | a[1], (b[0] << 4) | b[1]
        ans = rnd.randint(1, 10**6)
        sat = rnd.randint(0, ans)
        u = min(u, INT64_MAX - ans)
    return [1, scale, scale2, sf] + counts + [ans, sat, u]


def pack_summary(f):
    return struct.pack('>BBBB', *[x & 0xff for x in f[:4]]) + struct.pack('>14q', *f[4:])


INT64S = [0, 1, -1, 2, INT64_MAX, -INT64_MAX - 1, INT64_MAX - 1, 2**32, 2**31, 10, 11, 0x100]


def summary_binary(rnd):
    f = summary_fields(rnd)
    k = rnd.random()
    if k < 0.15:
        return pack_summary(f)                              # valid (mostly)
    if k < 0.75:                                            # mutate fields
        for _ in range(rnd.choice([1, 1, 2, 3])):
            i = rnd.randrange(len(f))
            if i < 4:
                f[i] = rnd.choice([0, 1, 2, 0x0a, 0x15, 0x9a, 0x9b, 0xa0, 0xab, 0xff, rnd.randrange(256)])
            else:
                f[i] = rnd.choice(INT64S + [f[i] + 1, f[i] - 1, -f[i]])
                f[i] = max(-INT64_MAX - 1, min(INT64_MAX, f[i]))
        return pack_summary(f)
    if k < 0.9:                                             # random bytes, right length
        b = bytearray(rnd.randrange(256) for _ in range(116))
        if rnd.random() < 0.7:
            b[0] = 1
        return bytes(b)
    n = rnd.choice([0, 1, 4, 115, 117, 120, 232, rnd.randint(0, 300)])   # wrong length
    return bytes(rnd.randrange(256) for _ in range(n))


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    opts = {'--seed': 1, '--text': 100000, '--binary-rating': 6000, '--binary-summary': 30000}
    i = 1
    while i < len(args):
        opts[args[i]] = int(args[i + 1])
        i += 2
    rnd = random.Random(opts['--seed'])
    os.makedirs(os.path.join(out, 'bin'), exist_ok=True)

    with open(os.path.join(out, 'text_inputs.tsv'), 'w', encoding='utf-8') as fh:
        for n, (kind, tm, s) in enumerate(text_inputs(rnd, opts['--text']), 1):
            fh.write('%d\t%s\t%s\t%s\n' % (n, kind, tm, copy_escape(s)))

    manifest = []
    n = 0

    def emit(kind, tm, field, broken=False):
        nonlocal n
        n += 1
        path = os.path.join(out, 'bin', '%s_%d.copy' % (kind[0], n))
        with open(path, 'wb') as fh:
            fh.write(copy_file(field, rnd, broken))
        framing = 'broken' if broken else 'null' if field is None else 'ok'
        manifest.append((n, kind, tm, framing, os.path.abspath(path),
                         field.hex() if framing == 'ok' else '\\N'))

    # every two-byte value into an unmodified column
    for x in range(65536):
        emit('rating', 'n', bytes([x >> 8, x & 0xff]))
    # the plausible ones (valid scale byte) into modified columns, then noise
    for _ in range(opts['--binary-rating']):
        tm = rnd.choice(TYPMODS[1:] + ['n'])
        k = rnd.random()
        if k < 0.6:
            lo, hi = rnd.choice(SCALES)
            field = bytes([rnd.randint(0, 11) if rnd.random() < 0.8 else rnd.randrange(256), (lo << 4) | hi])
        elif k < 0.8:
            field = bytes(rnd.randrange(256) for _ in range(rnd.choice([0, 1, 3, 4, 8])))
        elif k < 0.9:
            field = None
        else:
            emit('rating', tm, bytes([rnd.randrange(256), rnd.randrange(256)]), broken=True)
            continue
        emit('rating', tm, field)
    for _ in range(opts['--binary-summary']):
        if rnd.random() < 0.03:
            emit('summary', 'n', summary_binary(rnd), broken=True)
        else:
            emit('summary', 'n', summary_binary(rnd) if rnd.random() > 0.01 else None)
    with open(os.path.join(out, 'bin_manifest.tsv'), 'w') as fh:
        for row in manifest:
            fh.write('%d\t%s\t%s\t%s\t%s\t%s\n' % row)
    for dirpath, dirnames, files in os.walk(out):
        os.chmod(dirpath, 0o755)
    print('text inputs: %d rating, %d summary, %d typmod, %d cast, %d coerce; binary files: %d' % (
        opts['--text'], opts['--text'], max(1000, opts['--text'] // 50), max(1000, opts['--text'] // 20),
        max(1000, opts['--text'] // 20), len(manifest)))


if __name__ == '__main__':
    main()
