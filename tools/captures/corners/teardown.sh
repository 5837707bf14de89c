#!/bin/bash
ip netns del cc2a 2>/dev/null; ip netns del cc2b 2>/dev/null; true
