import csv,sys,collections,statistics as st
for f in sys.argv[1:]:
    d=collections.defaultdict(dict); ch={}; cm={}
    for r in csv.DictReader(open(f)):
        if 'layout=' in r['variant'] or not r['host_chase_ns']: continue
        k=(r['workload'],r['variant']); rr=int(r['round'])
        d[k][(r['layout'],rr)]=float(r['ns_per_op']); ch[(k,rr)]=float(r['host_chase_ns']); cm[(k,rr)]=float(r['host_compute_ns'])
    rows=[]
    for k in d:
        rounds=sorted(set(x for _,x in d[k]))
        if ('legacy64',rounds[0]) not in d[k]: continue
        base=min(ch[(k,x)] for x in rounds)
        # spread of log ratios to legacy64 over layouts: deviation of this round from the median round
        lays=sorted(set(l for l,_ in d[k] if l not in ('legacy64','jemalloc')))
        import math
        for x in rounds:
            devs=[]
            for l in lays:
                lr=[math.log(d[k][(l,y)]/d[k][('legacy64',y)]) for y in rounds if (l,y) in d[k]]
                if (l,x) in d[k]: devs.append(abs(math.log(d[k][(l,x)]/d[k][('legacy64',x)])-st.median(lr)))
            if devs: rows.append((ch[(k,x)]/base, st.median(devs)))
    for lo,hi in [(0,1.1),(1.1,1.25),(1.25,9)]:
        s=[dv for c,dv in rows if lo<=c<hi]
        if s: print(f, 'chase/variant-min in [%.2f,%.2f): %3d rounds, median |dev| %.4f, share dev>0.02: %.2f'%(lo,hi,len(s),st.median(s),sum(x>0.02 for x in s)/len(s)))
