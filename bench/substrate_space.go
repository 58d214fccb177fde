package bench

// Substrate's buffered disk modules each write one 64 MiB file.
func (seqWrite) scratchBytes(*DiskOptions) (bool, int64) { return false, diskFileSize }
func (rndWrite) scratchBytes(*DiskOptions) (bool, int64) { return false, diskFileSize }
