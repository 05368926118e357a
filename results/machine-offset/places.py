import re,csv,collections,statistics,sys
name={'CHead16Layout<BitmapLinks>':'chead16-bitmap','CHead16Layout<DescriptorLinks>':'chead16','CHead16Layout<FreeMemoryLinks>':'chead16-freemem','Interim32':'interim32','Legacy64Layout<HugeTLBVmemmap>':'legacy64-hvo','Legacy64Layout<PlainVmemmap>':'legacy64','Memdesc8Layout<BitmapLinks>':'memdesc8-bitmap','Memdesc8Layout<FreeMemoryLinks>':'memdesc8-freemem','Memdesc8Layout<PackedWordLinks>':'memdesc8','TwoWord16Layout<BitmapLinks>':'twoword16-bitmap','TwoWord16Layout<DescriptorLinks>':'twoword16','TwoWord16Layout<FreeMemoryLinks>':'twoword16-freemem'}
D=sys.argv[1] if len(sys.argv) > 1 else "."
def samples(f):
    d=collections.defaultdict(dict)
    for r in csv.DictReader(open(f'{D}/{f}.samples.csv')):
        d[(r['layout'],r['variant'])][int(r['round'])]=float(r['ns_per_op'])
    return d
cur=None; offs=collections.defaultdict(list)
for line in open(f'{D}/malloc-placed.log'):
    m=re.search(r'kmalloc-kfree (\S+) round (\d+)/',line)
    if m: cur=(m.group(1),int(m.group(2))-1); continue
    m=re.match(r'machine (\S+) (\d+) size (\d+)',line)
    if m and cur: offs[cur].append((name[m.group(1)],int(m.group(2))))
d=samples('malloc-placed')
print('malloc-placed: rounds more than 1.1x their row median, by the machine\'s page offset')
for var in sorted({v for _,v in d}):
    slow=collections.Counter(); allc=collections.Counter()
    for rnd in range(12):
        for l,off in offs[(var,rnd)]:
            allc[off]+=1
            rs=d[(l,var)]
            if rs[rnd]>1.1*statistics.median(rs.values()): slow[off]+=1
    print(f'  {var}: {sum(slow.values())} slow rounds; by offset', dict(sorted(slow.items())), 'machines at 2560:', allc[2560], 'at 2048:', allc[2048])
for f in ['malloc-placed','offset-0','offset-2560']:
    d=samples(f)
    for var in ['state=half-full;size=64;batch=16','state=half-full;size=512;batch=16','state=half-full;size=512;batch=1024']:
        n=sum(1 for (l,v),rs in d.items() if v==var and l!='jemalloc' for x in rs.values() if x>1.1*statistics.median(rs.values()))
        med=lambda l: statistics.median(d[(l,var)].values())
        print(f'{f} {var}: slow rounds {n}; median ns legacy64 {med("legacy64"):.2f}, chead16 {med("chead16"):.2f}, interim32 {med("interim32"):.2f}, memdesc8 {med("memdesc8"):.2f}')
