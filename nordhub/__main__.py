import sys

from nordhub.cli import main

sys.exit(main())
