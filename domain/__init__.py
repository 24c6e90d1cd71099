"""Pure rules of Vietnamese emulation and commendation (thi đua, khen thưởng).

Standard library only: no I/O beyond packaged data files, no clock, no logging. Times, holiday
sets and configuration are passed in by the caller (workflows, activities, API services).
"""
