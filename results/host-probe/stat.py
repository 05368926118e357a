import time,sys
out=open(sys.argv[1],'w'); end=time.time()+float(sys.argv[2]); t0=time.monotonic()
while time.time()<end:
    l=[x.split() for x in open('/proc/stat') if x.startswith('cpu')]
    out.write('%.3f %s\n'%(time.monotonic()-t0,' | '.join(' '.join(x) for x in l))); time.sleep(0.1)
