#!/usr/bin/env python3
"""The house rules a newcomer relies on, checked on every test run:

1. no import circle: no two modules of a crate import each other (the crate
   root's re-exports apart, which every module may use);
2. no production source file over 400 lines (tests apart).

Usage: python3 scripts/check-structure.py model/src src
Prints the modules, edges and any problem; exits 1 on a problem.
"""
import os, re, sys
def modules(root, crate):
    mods={}
    for dp,_,fs in os.walk(root):
        for f in fs:
            if not f.endswith('.rs') or 'bin' in dp.split('/'): continue
            p=os.path.join(dp,f); rel=os.path.relpath(p,root)[:-3].split('/')
            if rel[-1] in ('mod','lib','main'): rel=rel[:-1]
            if rel and rel[-1]=='tests' or f.endswith('tests.rs'): continue
            mods['::'.join(rel)]=p
    return mods
def edges(mods):
    E=set()
    for m,p in mods.items():
        src=open(p).read()
        src=src.split('#[cfg(test)]')[0]
        for u in re.findall(r'(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);',src):
            paths=[]
            u=u.replace('\n',' ')
            def expand(prefix,rest):
                rest=rest.strip()
                if rest.startswith('{'):
                    inner=rest[1:rest.rindex('}')]
                    depth=0;cur=''
                    for ch in inner:
                        if ch=='{': depth+=1
                        if ch=='}': depth-=1
                        if ch==',' and depth==0: expand(prefix,cur); cur=''
                        else: cur+=ch
                    if cur.strip(): expand(prefix,cur)
                elif '::' in rest:
                    head,tail=rest.split('::',1)
                    expand(prefix+[head.strip()],tail)
                else:
                    paths.append(prefix+[rest.split(' as ')[0].strip()])
            expand([],u)
            cur=m.split('::') if m else []
            for path in paths:
                if not path: continue
                if path[0]=='crate': full=path[1:]
                elif path[0]=='super':
                    base=cur[:-1] if p.endswith('mod.rs') or True else cur
                    base=cur[:-1]
                    full=base+path[1:]
                elif path[0]=='self': full=cur+path[1:]
                elif '::'.join(cur+[path[0]]) in mods: full=cur+path
                else: continue
                # longest module prefix
                best=None
                for i in range(len(full),0,-1):
                    if '::'.join(full[:i]) in mods: best='::'.join(full[:i]); break
                if best is None: best=''
                if best!=m: E.add((m,best))
    return E

MAX_LINES = 400


def long_files(root):
    out = []
    for dp, _, fs in os.walk(root):
        for f in fs:
            if not f.endswith('.rs') or f.endswith('tests.rs'):
                continue
            p = os.path.join(dp, f)
            text = open(p).read()
            # Tests apart: stop at an inline test module. A `#[cfg(test)]
            # mod tests;` line only names a file, so it is not where the
            # production code ends (cutting there hid whole files).
            inline = re.search(r'#\[cfg\(test\)\]\s*mod \w+\s*\{', text)
            n = text[:inline.start() if inline else len(text)].count('\n')
            if n > MAX_LINES:
                out.append((p, n))
    return out


failed = False
for root in sys.argv[1:]:
    mods = modules(root, '')
    E = edges(mods)
    cyc = sorted((a, b) for (a, b) in E if (b, a) in E and a < b and a != '' and b != '')
    print(f'{root}: {len(mods)} modules, {len(E)} imports between them')
    for a, b in cyc:
        print(f'  import circle: {a} <-> {b}')
        failed = True
    for p, n in long_files(root):
        print(f'  {p}: {n} lines of production code (at most {MAX_LINES})')
        failed = True
sys.exit(1 if failed else 0)
