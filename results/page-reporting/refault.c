// What a first write costs when the guest has reported the memory to its host, and when it
// has not: per trial, map MIB MiB with MADV_HUGEPAGE (as the memmap), write every 4 KiB page
// (timed: ns a page), chase one line a page in a random cycle (ns a step), print the
// mapping's AnonHugePages share, unmap, sleep PAUSE s (time for the guest to report it).
// gcc -O2 refault.c -o refault; ./refault MIB TRIALS PAUSE STEPS STRIDE
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static uint64_t rng=88172645463325252ull; static uint64_t xs(void){rng^=rng<<13;rng^=rng>>7;rng^=rng<<17;return rng;}
static long anonhuge(void *p){FILE*f=fopen("/proc/self/smaps","r");char l[256];unsigned long a,b;int in=0;long kb=-1;
 while(fgets(l,sizeof l,f)){ if(sscanf(l,"%lx-%lx",&a,&b)==2 && strchr(l,'-')==l+strcspn(l,"-") && l[0]!='A'){in=(a<=(unsigned long)p&&(unsigned long)p<b);} else if(in&&!strncmp(l,"AnonHugePages:",14)){kb=atol(l+14);} } fclose(f);return kb;}
int main(int c,char**v){ size_t mib=atol(v[1]); int trials=atoi(v[2]); int pause=atoi(v[3]); long steps=atol(v[4]);
 size_t len=mib<<20; size_t per=atol(v[5]); size_t lines=len/per;
 for(int t=0;t<trials;t++){
  char*raw=mmap(0,len+(2<<20),PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE,-1,0);
  char*p=(char*)(((uintptr_t)raw+(2<<20)-1)&~((uintptr_t)(2<<20)-1));
  madvise(p,len,MADV_HUGEPAGE);
  double t0=now(); for(size_t o=0;o<len;o+=4096)p[o]=1; double t1=now();
  // random cyclic permutation over lines (Sattolo), stored as pointers in line heads
  uint32_t*perm=malloc(lines*4); for(size_t i=0;i<lines;i++)perm[i]=i;
  for(size_t i=lines-1;i>0;i--){size_t j=xs()%i;uint32_t x=perm[i];perm[i]=perm[j];perm[j]=x;}
  for(size_t i=0;i<lines;i++)*(void**)(p+(size_t)perm[i]*per+(perm[i]*7%(per/64))*64)=p+(size_t)perm[(i+1)%lines]*per+(perm[(i+1)%lines]*7%(per/64))*64;
  size_t perm0=0; free(perm);
  void**q=(void**)(p+(perm0*7%(per/64))*64); for(long s=0;s<steps/4;s++)q=*q; // warm
  double t2=now(); for(long s=0;s<steps;s++)q=*q; double t3=now();
  long ah=anonhuge(p);
  printf("%d touch_ns_page %.0f chase_ns %.1f anonhuge_share %.3f %p\n",t,(t1-t0)/(len/4096),(t3-t2)/steps,ah*1024.0/len,(void*)q);
  fflush(stdout); munmap(raw,len+(2<<20)); if(pause)sleep(pause);
 }
}
