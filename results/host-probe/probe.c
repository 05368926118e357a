#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
#include <sched.h>
#include <sys/mman.h>
static uint64_t now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000ull+t.tv_nsec;}
static size_t *mk(size_t bytes){size_t n=bytes/64; size_t *a=mmap(0,bytes,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0); madvise(a,bytes,MADV_HUGEPAGE);
 size_t *perm=malloc(n*sizeof(size_t)); for(size_t i=0;i<n;i++)perm[i]=i; uint64_t s=88172645463325252ull;
 for(size_t i=n-1;i>0;i--){s^=s<<13;s^=s>>7;s^=s<<17;size_t j=s%(i+1);size_t t=perm[i];perm[i]=perm[j];perm[j]=t;}
 for(size_t i=0;i<n;i++)a[perm[i]*8]=perm[(i+1)%n]*8; free(perm); return a;}
static double chase(size_t *a,size_t steps){size_t p=0;uint64_t t=now();for(size_t i=0;i<steps;i++)p=a[p];uint64_t e=now(); if(p==12345678)puts("x");return (double)(e-t)/steps;}
static double alu(size_t steps){uint64_t x=1;uint64_t t=now();for(size_t i=0;i<steps;i++){x=x*6364136223846793005ull+1442695040888963407ull;} uint64_t e=now(); if(x==1)puts("x"); return (double)(e-t)/steps;}
static double ilp(size_t steps){uint64_t a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8;uint64_t t=now();for(size_t i=0;i<steps;i++){a+=b^i;b+=c^a;c+=d^i;d+=e^c;e+=f^i;f+=g^e;g+=h^i;h+=a^g;__asm__ volatile(""::"r"(a),"r"(c),"r"(e),"r"(g));} uint64_t x=now(); if((a^b^c^d^e^f^g^h)==1)puts("x"); return (double)(x-t)/steps;}
int main(int c,char**v){int secs=c>1?atoi(v[1]):60; size_t*l2=mk(256<<10),*l3=mk(8<<20),*dr=mk(512<<20);
 uint64_t start=now(); int k=0;
 while(now()-start<(uint64_t)secs*1000000000ull){int cpu=k%2;cpu_set_t s;CPU_ZERO(&s);CPU_SET(cpu,&s);sched_setaffinity(0,sizeof s,&s);
  chase(l2,100000);
  double I=ilp(20000000); double A=alu(20000000), B=chase(l2,5000000), C=chase(l3,2000000), D=chase(dr,300000);
  printf("%.2f cpu%d ilp %.3f alu %.3f l2 %.3f l3 %.3f dram %.1f\n",(now()-start)/1e9,cpu,I,A,B,C,D); fflush(stdout); k++;}
}
