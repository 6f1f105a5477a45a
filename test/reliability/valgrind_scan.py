#!/usr/bin/env python3
"""Reads the memcheck logs of test/valgrind.sh (one file per process in DIR):
counts the errors by kind, and prints and fails (exit 1) on every error whose
report mentions csat in its stack or in the stack where the memory was
allocated, freed or created: a frame in csat.so, in a file of src/, or a
function defined in csat.so (its symbol table, static functions included).

    valgrind_scan.py DIR [CSAT_SO [SRC_DIR]]
"""
import os, re, subprocess, sys
d = sys.argv[1]
so = sys.argv[2] if len(sys.argv) > 2 else None
src = sys.argv[3] if len(sys.argv) > 3 else None
funcs = set()
if so and os.path.exists(so):
    out = subprocess.run(['nm', '--defined-only', so], capture_output=True, text=True).stdout
    funcs = {l.split()[-1] for l in out.splitlines() if len(l.split()) == 3 and l.split()[1] in 'tTwW'}
    funcs -= {'_init', '_fini', 'Pg_magic_func', 'deregister_tm_clones', 'register_tm_clones',
              '__do_global_dtors_aux', 'frame_dummy'}
files = {f for f in os.listdir(src) if f.endswith('.c')} if src and os.path.isdir(src) else set()
frame_re = re.compile(r'^\s*(?:at|by) 0x[0-9A-Fa-f]+: (\S+) \((?:in )?([^)]*)\)')


def mentions_csat(block):
    for l in block:
        m = frame_re.match(l)
        if not m:
            continue
        fn, where = m.group(1), m.group(2)
        if 'csat.so' in where or fn in funcs or where.split(':')[0] in files:
            return True
    return False

errors = 0
suppressed = 0
csat = []
kinds = {}
procs = 0
for name in sorted(os.listdir(d)):
    procs += 1
    with open(os.path.join(d, name), errors='replace') as fh:
        lines = [re.sub(r'^==\d+== ?', '', l.rstrip('\n')) for l in fh]
    for l in lines:
        m = re.search(r'ERROR SUMMARY: \d+ errors from \d+ contexts \(suppressed: (\d+)', l)
        if m:
            suppressed += int(m.group(1))
    block = []
    for l in lines + ['']:
        if l.strip() == '':
            if block and not block[0].startswith(('Memcheck,', 'Copyright', 'Using Valgrind', 'Command:',
                                                  'Parent PID', 'HEAP SUMMARY', 'ERROR SUMMARY', 'For lists',
                                                  'For a detailed', 'For counts', 'in use at exit', 'All heap',
                                                  'Use --', 'LEAK SUMMARY', 'Rerun with', 'total heap')) \
                    and not block[0].startswith('{') and any(x.lstrip().startswith(('at 0x', 'by 0x')) for x in block):
                errors += 1
                kind = block[0].strip()
                kind = re.sub(r'0x[0-9A-Fa-f]+', '0x..', kind)
                kind = re.sub(r'\d+', 'N', kind)
                kinds[kind] = kinds.get(kind, 0) + 1
                if mentions_csat(block):
                    csat.append((name, block))
            block = []
        else:
            block.append(l)
print('processes traced: %d; csat functions known: %d, source files: %d' % (procs, len(funcs), len(files)))
print('valgrind errors: %d (outside csat: %d, attributed to csat: %d); suppressed as known PostgreSQL noise: %d'
      % (errors, errors - len(csat), len(csat), suppressed))
for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
    print('  %5d  %s' % (n, k))
for name, block in csat[:20]:
    print('--- csat error in %s' % name)
    print('\n'.join(block))
sys.exit(1 if csat else 0)
