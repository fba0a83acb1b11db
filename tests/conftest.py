import sys
from pathlib import Path

# Lets the tests import the reference module that sits beside them.
sys.path.insert(0, str(Path(__file__).parent))
