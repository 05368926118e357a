#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
#include <sched.h>
static uint64_t now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000ull+t.tv_nsec;}
static double ilp(size_t steps){uint64_t a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8;uint64_t t=now();for(size_t i=0;i<steps;i++){a+=b^i;b+=c^a;c+=d^i;d+=e^c;e+=f^i;f+=g^e;g+=h^i;h+=a^g;__asm__ volatile(""::"r"(a),"r"(c),"r"(e),"r"(g));} uint64_t x=now(); if((a^b^c^d^e^f^g^h)==1)puts("x"); return (double)(x-t)/steps;}
int main(int c,char**v){int cpu=atoi(v[1]);int secs=atoi(v[2]);cpu_set_t s;CPU_ZERO(&s);CPU_SET(cpu,&s);sched_setaffinity(0,sizeof s,&s);
uint64_t st=now(); while(now()-st<(uint64_t)secs*1000000000ull){double x=ilp(500000); printf("%.3f %.3f\n",(now()-st)/1e9,x);} }
