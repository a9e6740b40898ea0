#!/usr/bin/env python3
"""Extracts the cases Steadfast.Expressions can run from google/cel-spec conformance data.

Source: https://github.com/google/cel-spec, tests/simple/testdata/<file>.textproto
(commit recorded in cel-spec-cases.json). Usage:

    python3 extract_cel_spec.py <cel-spec checkout> <commit> > cel-spec-cases.json

Kept: tests whose expected result and bindings are plain CEL values (null, bool, int, uint,
double, string, bytes, list, map, type) or an evaluation error. Left out (and counted in the
output's "excluded" block): protobuf messages/enums, containers, check-only tests,
typed_result, unknowns and tests with macros disabled.
"""
import base64, json, math, re, subprocess, sys

FILES = ["basic", "comparisons", "conversions", "fp_math", "integer_math", "lists", "logic",
         "macros", "parse", "plumbing", "string", "fields", "timestamps"]

TOKEN = re.compile(r'''\s+|\#[^\n]*|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?P<ext>\[[^\]]*\])|(?P<punct>[{}:<>,;\[\]])|(?P<word>[-+]?[A-Za-z0-9_.+-]+)''', re.S)

def unescape(s):
    out = bytearray(); i = 0
    while i < len(s):
        c = s[i]
        if c != '\\':
            out += c.encode('utf-8'); i += 1; continue
        n = s[i + 1]; i += 2
        simple = {'n': 10, 't': 9, 'r': 13, 'a': 7, 'b': 8, 'f': 12, 'v': 11, '\\': 92, "'": 39, '"': 34, '?': 63}
        if n in simple: out.append(simple[n])
        elif n in 'xX':
            m = re.match(r'[0-9a-fA-F]{1,2}', s[i:]); out.append(int(m.group(0), 16)); i += len(m.group(0))
        elif n in '01234567':
            m = re.match(r'[0-7]{0,2}', s[i:]); out.append(int(n + m.group(0), 8)); i += len(m.group(0))
        elif n == 'u':
            out += chr(int(s[i:i + 4], 16)).encode('utf-8', 'surrogatepass'); i += 4
        elif n == 'U':
            out += chr(int(s[i:i + 8], 16)).encode('utf-8'); i += 8
        else: raise ValueError('escape ' + n)
    return bytes(out)

def tokenize(text):
    pos = 0; toks = []
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m: raise ValueError('bad text at %d: %r' % (pos, text[pos:pos + 30]))
        pos = m.end()
        if m.group('str'): toks.append(('str', unescape(m.group('str')[1:-1])))
        elif m.group('ext'): toks.append(('word', m.group('ext')))
        elif m.group('punct'): toks.append(('p', m.group('punct')))
        elif m.group('word'): toks.append(('word', m.group('word')))
    return toks

def parse_message(toks, i, end):
    fields = []
    while i < len(toks) and not (toks[i][0] == 'p' and toks[i][1] == end):
        name = toks[i][1]; i += 1
        if toks[i] == ('p', ':'): i += 1
        if toks[i][0] == 'p' and toks[i][1] in '{<':
            close = '}' if toks[i][1] == '{' else '>'
            value, i = parse_message(toks, i + 1, close); i += 1
        elif toks[i][0] == 'str':
            value = b''
            while i < len(toks) and toks[i][0] == 'str': value += toks[i][1]; i += 1
        else:
            value = toks[i][1]; i += 1
        fields.append((name, value))
        if i < len(toks) and toks[i][0] == 'p' and toks[i][1] in ',;': i += 1
    return fields, i

def get(fields, name): return [v for k, v in fields if k == name]

class Unsupported(Exception): pass

def convert(value_fields):
    (k, v), = value_fields
    if k == 'null_value': return {'null': True}
    if k == 'bool_value': return {'bool': v == 'true'}
    if k == 'int64_value': return {'int64': v}
    if k == 'uint64_value': return {'uint64': v}
    if k == 'double_value':
        d = float(v.replace('inf', 'Infinity')) if v not in ('nan', 'NaN') else math.nan
        return {'double': repr(d) if math.isfinite(d) else ('NaN' if math.isnan(d) else ('Infinity' if d > 0 else '-Infinity'))}
    if k == 'string_value': return {'string': v.decode('utf-8')}
    if k == 'bytes_value': return {'bytes': base64.b64encode(v).decode()}
    if k == 'type_value': return {'type': v.decode()}
    if k == 'list_value': return {'list': [convert(e) for e in get(v, 'values')]}
    if k == 'map_value':
        return {'map': [{'key': convert(get(e, 'key')[0]), 'value': convert(get(e, 'value')[0])} for e in get(v, 'entries')]}
    raise Unsupported(k)

def main():
    repo, commit = sys.argv[1], sys.argv[2]
    cases = []; excluded = {}
    for f in FILES:
        text = subprocess.check_output(['git', '-C', repo, 'show', '%s:tests/simple/testdata/%s.textproto' % (commit, f)]).decode('utf-8')
        top, _ = parse_message(tokenize(text), 0, None)
        for section in get(top, 'section'):
            sname = get(section, 'name')[0].decode()
            for t in get(section, 'test'):
                name = get(t, 'name')[0].decode()
                try:
                    for flag in ('container', 'check_only', 'typed_result', 'unknown', 'any_unknowns', 'any_eval_errors'):
                        if get(t, flag): raise Unsupported(flag)
                    if get(t, 'disable_macros') == ['true']: raise Unsupported('disable_macros')
                    case = {'file': f + '.textproto', 'section': sname, 'name': name, 'expr': get(t, 'expr')[0].decode('utf-8')}
                    if get(t, 'eval_error'): case['error'] = True
                    elif get(t, 'value'): case['value'] = convert(get(t, 'value')[0])
                    else: case['value'] = {'bool': True}
                    bindings = {}
                    for b in get(t, 'bindings'):
                        bindings[get(b, 'key')[0].decode()] = convert(get(get(b, 'value')[0], 'value')[0])
                    if bindings: case['bindings'] = bindings
                    cases.append(case)
                except Unsupported as u:
                    excluded[str(u)] = excluded.get(str(u), 0) + 1
    json.dump({'source': 'google/cel-spec tests/simple/testdata', 'commit': commit, 'excluded': excluded, 'cases': cases},
              sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write('\n')

main()
