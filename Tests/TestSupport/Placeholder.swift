import KeyWarden
