#!/usr/bin/env python3
"""Generates data/entity_translit.txt from the Wikidata CC0 split
wd_arabic_80, and data/entity_latin.txt from it and the further splits
given (method: see the files' headers).
Usage: make_entity_data.py wd_arabic_80 data/entity_translit.txt data/entity_latin.txt [wd_arabic_20 ...]
The shipped files: make_entity_data.py ../shared/eval/names/wikidata/wd_arabic_80
  data/entity_translit.txt data/entity_latin.txt ../shared/eval/names/wikidata/wd_arabic_20
(the matching weights learn from the 80% split only, so that `marsad eval
names` scores them on the other 20%; the Latin spellings, which it does not
score, from both: `marsad eval names` scores them on ANETAC's person names).
"""
import collections,unicodedata,sys,random,re
def fold(e):
    e=unicodedata.normalize('NFKD',e.lower())
    return ''.join(c for c in e if c.isalpha() and ord(c)<128)
def load(fn):
    rows=[]
    for l in open(fn):
        e,a,c=l.rstrip('\n').split('\t'); rows.append((e,a.replace(' ',''),int(c)))
    return rows
# English phonetic key: collapse vowels & y & equivalent consonants
def ekey(e):
    e=fold(e)
    for a,b in [('ph','f'),('ck','k'),('c','k'),('q','k'),('w','v'),('z','s'),('y','i')]:
        e=e.replace(a,b)
    out=''
    for ch in e:
        if out and out[-1]==ch: continue
        out+=ch
    return out
def neighbors(rows):
    by=collections.defaultdict(set)
    for e,a,c in rows:
        if len(fold(e))>=4: by[ekey(e)].add(a)
    pairs=set()
    for k,v in by.items():
        v=sorted(v)
        for i in range(len(v)):
            for j in range(i+1,len(v)): pairs.add((v[i],v[j]))
    return pairs
import collections,math,sys
TR={'أ':'ا','إ':'ا','آ':'ا','ٱ':'ا','ؤ':'و','ئ':'ي','ى':'ي','ی':'ي','ة':'ه','ک':'ك'}
def norm(a):
    return ''.join(TR.get(c,c) for c in a if not ('\u064b'<=c<='\u065f' or c in '\u0670\u0640.'))
def align(a,b):
    n,m=len(a),len(b)
    D=[[0]*(m+1) for _ in range(n+1)]
    for i in range(n+1): D[i][0]=i
    for j in range(m+1): D[0][j]=j
    for i in range(1,n+1):
        for j in range(1,m+1):
            D[i][j]=min(D[i-1][j]+1,D[i][j-1]+1,D[i-1][j-1]+(a[i-1]!=b[j-1]))
    ops=[];i,j=n,m
    while i or j:
        if i and j and D[i][j]==D[i-1][j-1]+(a[i-1]!=b[j-1]):
            ops.append(('=' if a[i-1]==b[j-1] else 's',a[i-1],b[j-1],i-1,j-1));i-=1;j-=1
        elif i and D[i][j]==D[i-1][j]+1: ops.append(('d',a[i-1],'',i-1,j));i-=1
        else: ops.append(('i','',b[j-1],i,j-1));j-=1
    return D[n][m],ops[::-1]
def strip_al(a):
    return a[2:] if a.startswith('ال') and len(a)>4 else a

import collections,math,sys
rows=load(sys.argv[1])
pairs=neighbors(rows)
sub=collections.Counter(); indel=collections.Counter(); same=collections.Counter()
for a,b in pairs:
    a,b=strip_al(norm(a)),strip_al(norm(b))
    d,ops=align(a,b)
    if d>max(len(a),len(b))*0.5: continue
    for op,x,y,i,j in ops:
        if op=='=': same[x]+=1
        elif op=='s': sub[tuple(sorted((x,y)))]+=1
        else:
            c=x or y; s=a if x else b; k=i if x else j
            if not ((k>0 and s[k-1]==c) or (k+1<len(s) and s[k+1]==c)): indel[c]+=1
L=math.log(50)
with open(sys.argv[2],'w') as f:
    f.write('''# entity_translit.txt — costs of spelling differences between two Arabic
# spellings of one foreign name, for the weighted edit distance of
# src/lib/entity/name.c. A line is "A B COST" (substitute letter A for B,
# either way) or "A - COST" (insert or delete A); any other edit costs 1.
# Letters are written normalized as the analyzer folds them (ة→ه, ى→ي,
# hamza seats and alef forms folded).
#
# Source: Wikidata person names via steveash/NETransliteration-COLING2018
# (wd_arabic_80, the 80% training split), CC0 1.0. Method: English name
# tokens that sound alike (same key after folding accents, ph→f, ck/c/q→k,
# w→v, z→s, y→i, doubled letters single, e.g. sergei/sergey) give pairs
# of Arabic spellings of one name; each pair is aligned by Levenshtein
# distance and an edit seen n times against m letters kept unchanged gets
# cost -ln(n/(n+m))/ln 50, clamped to [0.1, 1] (edits seen under 3 times
# are left at 1). A leading ال is stripped before aligning.
''')
    for (x,y),v in sorted(sub.items(),key=lambda kv:(-kv[1],kv[0])):
        if v<3: continue
        p=v/(v+(same[x]+same[y])/2); c=min(1,max(0.1,-math.log(p)/L))
        if c<0.995: f.write(f'{x} {y} {c:.2f}\n')
    for ch,v in sorted(indel.items(),key=lambda kv:(-kv[1],kv[0])):
        if v<3: continue
        p=v/(v+same[ch]); c=min(1,max(0.1,-math.log(p)/L))
        if c<0.995: f.write(f'{ch} - {c:.2f}\n')
# latin: the usual English name of each Arabic spelling (see the header
# written below)
ARABIC_LETTERS=re.compile('^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u06a4\u06af]+$')
# consonant classes one sound is written with in either script
EN_CLASS={'b':'b','p':'b','t':'t','d':'d','j':'g','g':'g','k':'g','q':'g',
          'c':'g','h':'h','s':'s','z':'s','f':'f','v':'f','r':'r','l':'l',
          'm':'m','n':'n'}
AR_CLASS={'ب':'b','پ':'b','ت':'t','ط':'t','ث':'t','د':'d','ض':'d','ذ':'d',
          'ج':'g','غ':'g','ك':'g','ق':'g','خ':'g','گ':'g','ح':'h','ه':'h',
          'س':'s','ص':'s','ز':'s','ش':'s','ظ':'s','چ':'s','ف':'f','ڤ':'f',
          'ر':'r','ل':'l','م':'m','ن':'n'}
def skeleton(s,classes):
    out=''
    for ch in s:
        k=classes.get(ch)
        if k and not out.endswith(k): out+=k
    return out
def en_skeletons(e):
    """The consonant classes of an English token, each way it may sound
    (j as in john or jan, c as in carl or cecil, zh, a silent final x)."""
    out=set()
    for v in {e,e.replace('j','y'),e.replace('c','s'),e.replace('zh','j'),e.rstrip('x')}:
        for a,b in [('tch','s'),('ph','f'),('th','t'),('sh','s'),('ch','s'),
                    ('cz','s'),('kh','g'),('gh','g'),('kn','n'),('x','gs')]:
            v=v.replace(a,b)
        out.add(skeleton(v,EN_CLASS))
    return out
def ar_skeleton(a):
    a=strip_al(a)
    if a.endswith('ه'): a=a[:-1]
    return skeleton(a.replace('تش','ش').replace('دج','ج'),AR_CLASS)
def sounds_alike(e,a):
    """Whether Arabic a can be a transliteration of English e: their
    consonants differ by at most half the longer one's (one at least).
    Rows that are translations fail: of/من, ii/الثاني, prince/الامير,
    austria/النمسا."""
    y=ar_skeleton(a)
    return any(align(x,y)[0]<=max(1,max(len(x),len(y))//2)
               for x in en_skeletons(e))
count=collections.defaultdict(collections.Counter)
for fn in [sys.argv[1]]+sys.argv[4:]:
    for e,a,c in load(fn):
        a=norm(a)
        if (e.isascii() and e.isalpha() and ARABIC_LETTERS.match(a) and
                sounds_alike(e,a)):
            count[a][e]+=c
with open(sys.argv[3],'w') as f:
    f.write('''# entity_latin.txt — the usual Latin spelling of an Arabic name token:
# "ARABIC LATIN", the Arabic written normalized (ة→ه, ى→ي, hamza seats and
# alef forms folded).
#
# Source: Wikidata person names via steveash/NETransliteration-COLING2018
# (wd_arabic_80 and wd_arabic_20, both splits), CC0 1.0. Method: a row is
# an English token, its usual Arabic spelling and how often it is written;
# rows whose Arabic is not letters alone (خوسيه،), whose English is not
# ASCII letters alone (dr., 4th, josé) or has consonants the Arabic does
# not write (of/من, prince/الامير, ii/الثاني: translations) are left out.
# For each Arabic spelling, the English token it most often
# transliterates, summed over the splits; ties go to the alphabetically
# first. A spelling seen 3 times or fewer takes the English of the
# spelling that writes its g with the other letter (غ for ج or ج for غ,
# as Levantine and Egyptian writers do), where that one was seen 10 times
# or more and 3 times as often, and its English has a g
# (سيرغي: sergiy 2, سيرجي: sergey 28; but غيمس is no james).
''')
    def usual(a):
        return min(count[a].items(), key=lambda kv:(-kv[1],kv[0]))
    for a in sorted(count):
        if ' ' in a: continue
        e,n=usual(a)
        for i,ch in enumerate(a):
            if n>3 or ch not in 'جغ': continue
            v=a[:i]+('غ' if ch=='ج' else 'ج')+a[i+1:]
            if ' ' in v or not count.get(v): continue
            ve,vn=usual(v)
            if vn>=10 and vn>=3*n and 'g' in ve: e,n=ve,vn
        f.write(f'{a} {e}\n')
